import { describe, expect, it } from "vitest";
import { pronunciationSchema, SPANISH_SAY_AS_LETTERS } from "@/lib/lexicon/schemas";
import { KOKORO_VOCAB } from "@/workers/tts/kokoro-vocab";
import { phonemizeSpanish } from "@/workers/tts/phonemize-es";

/** Reminder sentences as a Spanish-speaking clinic writes them, spoken form (what normalisation hands on). */
const CORPUS = [
  "Hola Lucía, le recordamos su cita con la doctora Pérez el martes tres de marzo a las dos y media de la tarde.",
  "¿Necesita cambiarla? Llame al cinco uno dos, cinco cinco cinco, cero uno cuatro dos.",
  "¡Gracias! Su copago es de veinte dólares con cincuenta centavos.",
  "Señora Muñoz, traiga su tarjeta del seguro y la lista de sus medicamentos: amoxicilina, metformina…",
  "Jürgen, guía, pingüino, llave, yo, queso, gente, jamón, rápido, excelente, hueso, whisky.",
  "El licenciado Gutiérrez la atenderá en el consultorio doscientos diez, primer piso.",
];

describe("Spanish phonemes for Kokoro", () => {
  it("uses only symbols in Kokoro's vocabulary: none would be dropped", async () => {
    const unknown = new Set<string>();
    for (const sentence of CORPUS) for (const symbol of await phonemizeSpanish(sentence)) if (!KOKORO_VOCAB.has(symbol)) unknown.add(symbol);
    expect([...unknown]).toEqual([]);
  });

  it("says every letter a Spanish dictionary respelling may use with symbols in Kokoro's vocabulary", async () => {
    const letters = [...SPANISH_SAY_AS_LETTERS];
    // Each letter alone, in a syllable, doubled and upper case, and respellings as a clinic writes them.
    const respellings = [
      ...letters.flatMap((l) => [l, `${l}a`, `a${l}a`, `${l}${l}`, l.toUpperCase()]),
      "güin", "Brait Esmail", "yénifer", "shiv-on", "o'bráian", "Jósef, Kóvach", "wásinton", "kyu", "zíkzak", "Ñúñez",
    ];
    for (const sayAs of respellings) expect(pronunciationSchema.safeParse({ term: "Nguyen", sayAs, language: "es" }).success, sayAs).toBe(true);
    const unknown = new Map<string, string>();
    for (const sayAs of respellings) for (const symbol of await phonemizeSpanish(sayAs)) if (!KOKORO_VOCAB.has(symbol)) unknown.set(symbol, sayAs);
    expect([...unknown]).toEqual([]);
    // A letter outside them (IPA, another alphabet) is refused before it could be dropped unheard.
    for (const sayAs of ["θompson", "ŋwin", "Straße", "Øyvind", "Дмитрий"]) expect(pronunciationSchema.safeParse({ term: "Nguyen", sayAs, language: "es" }).success, sayAs).toBe(false);
  });

  it("speaks Latin American Spanish (seseo) and keeps the punctuation Kokoro pauses on", async () => {
    const phonemes = await phonemizeSpanish("Hola Lucía, ¿su cita es el martes?");
    expect(phonemes).not.toContain("θ");
    expect(phonemes).toMatch(/^ˈola lusˈia, su sˈita ˈes el mˈaɾtes\?$/);
  });
});

describe("Spanish chunks and Kokoro's 510-token limit", () => {
  it("keeps every chunk the worker splits a long Spanish text into under 510 phonemes", async () => {
    const { splitText } = await import("@/workers/tts/text");
    const { LIMITS } = await import("@/lib/protocol/tts");
    // Long words and spelled-out numbers: the densest Spanish a reminder holds.
    const text = Array.from({ length: 12 }, (_, i) =>
      `${CORPUS[i % CORPUS.length]} Su número de expediente es cuatro mil novecientos ochenta y siete, setecientos setenta y siete, ochocientos ochenta y ocho, novecientos noventa y nueve y doscientos veintidós, ¿correcto?`,
    ).join(" ");
    const chunks = splitText(text, undefined, "es-419");
    expect(chunks.length).toBeGreaterThan(12);
    let longest = 0;
    for (const chunk of chunks) longest = Math.max(longest, [...(await phonemizeSpanish(chunk.text))].length);
    expect(longest).toBeLessThan(LIMITS.maxModelTokens);
  });
});
