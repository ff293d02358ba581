import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeText, splitText } from "@/workers/tts/text";

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("splitText", () => {
  it("splits into sentences and keeps abbreviations and decimals inside them", () => {
    const chunks = splitText("Hi Maria. Dr. Smith sees you at 2.30 p.m. tomorrow! Press 1 to confirm?");
    expect(chunks.map((c) => c.text)).toEqual(["Hi Maria.", "Dr. Smith sees you at 2.30 p.m. tomorrow!", "Press 1 to confirm?"]);
    expect(chunks.map((c) => c.pauseAfter)).toEqual(["sentence", "sentence", "none"]);
  });

  it("splits an over-long sentence at clause boundaries, then between words", () => {
    const chunks = splitText("one two three, four five six; seven eight nine ten eleven twelve", 20);
    expect(chunks.map((c) => c.text)).toEqual(["one two three,", "four five six;", "seven eight nine ten", "eleven twelve"]);
    expect(chunks.map((c) => c.pauseAfter)).toEqual(["clause", "clause", "word", "none"]);
  });

  it("cuts a single word longer than the limit instead of dropping it", () => {
    const chunks = splitText("x".repeat(25), 10);
    expect(chunks.map((c) => c.text)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  it('handles "@handle\\n" (which hangs kokoro-js\'s own splitter) as a line of its own', () => {
    expect(splitText("Follow @brightsmile\nfor news").map((c) => c.text)).toEqual(["Follow @brightsmile", "for news"]);
    expect(splitText("@handle\n").map((c) => c.text)).toEqual(["@handle"]);
    expect(splitText("@a\n@b\n\n\n@c\n").map((c) => c.text)).toEqual(["@a", "@b", "@c"]);
  });

  it("strips control and invisible format characters", () => {
    expect(sanitizeText("Hi\u0000 there\u200B\u202E\u0007!\r\nBye\u0085now")).toBe("Hi there!\nBye\nnow");
    expect(splitText("\u0000\u0001 \n\t ")).toEqual([]);
  });

  it("never exceeds the limit and loses no words, for any text", () => {
    const wordArb = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom("Dr.", "p.m.", "@handle\n", "2.30", "Hello,", "end.", "why?", "—", "x".repeat(40)),
    );
    fc.assert(
      fc.property(fc.array(wordArb, { maxLength: 80 }), fc.integer({ min: 5, max: 120 }), (parts, max) => {
        const text = parts.join(" ");
        const chunks = splitText(text, max);
        for (const chunk of chunks) {
          expect(chunk.text.length).toBeLessThanOrEqual(max);
          expect(chunk.text.trim()).toBe(chunk.text);
          expect(chunk.text.length).toBeGreaterThan(0);
        }
        // Words cut inside (longer than max) come back as consecutive pieces, so compare the letters.
        const expected = words(sanitizeText(text)).join("");
        expect(chunks.map((c) => words(c.text).join("")).join("")).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a 3,000-character text whole", () => {
    const text = "Your appointment is on Tuesday, please arrive early. ".repeat(60);
    const chunks = splitText(text);
    expect(chunks.map((c) => c.text).join(" ")).toBe(text.trim());
  });
});

describe("splitText in Spanish", () => {
  it("ends sentences at ? and ! and right before ¿ and ¡, and keeps Spanish abbreviations inside them", () => {
    const chunks = splitText("Hola Sra. Muñoz. ¿Viene con la Dra. Pérez? ¡Gracias!¿Confirma?", undefined, "es-419");
    expect(chunks.map((c) => c.text)).toEqual(["Hola Sra. Muñoz.", "¿Viene con la Dra. Pérez?", "¡Gracias!", "¿Confirma?"]);
  });

  it("splits English as before when the language is English or unknown", () => {
    const text = "Hi Sra. Lopez. Done!¿Ok?";
    expect(splitText(text, undefined, "en-us")).toEqual(splitText(text));
    expect(splitText(text, undefined, "xx")).toEqual(splitText(text));
    expect(splitText(text).map((c) => c.text)).toEqual(["Hi Sra.", "Lopez.", "Done!¿Ok?"]);
  });

  it("keeps a long Spanish sentence under the limit at clause boundaries without losing a word", () => {
    const sentence = "Le recordamos su cita con la doctora Pérez, en el consultorio doscientos diez, primer piso; ¿necesita cambiarla, o viene?";
    const chunks = splitText(sentence, 40, "es");
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(40);
    expect(chunks.map((c) => c.text).join(" ")).toBe(sentence);
  });
});
