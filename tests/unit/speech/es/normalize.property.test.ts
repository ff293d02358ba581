import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeForSpeech } from "@/lib/speech";
import { normalizeForSpeech as normalizeEnglish } from "@/lib/speech/normalize";

const es = (text: string) => normalizeForSpeech(text, { language: "es" });

// The English properties (../normalize.property.test.ts) with fragments that trigger the Spanish rules.
const fragment = fc.constantFrom(
  "2:30 p. m.", "14:30", "9 a.m.", "12:05", "0:15 h", "a las 1", "3/4/2026", "el 3/4", "3 de marzo", "mar. 3 de mar.",
  "1 de abril de 2026", "marzo 3, 2026", "2026-03-03T09:00Z", "lun-vie", "(512) 555-0142", "+1 512 555 0142",
  "+52 55 1234 5678", "$25.50", "$1", "$0.99", "$1,250.50", "$2 mil", "150 pesos", "15%", "2.5 mg", "1er", "2da", "3.º",
  "1.ª", "1°", "37 °C", "24/7", "c/8", "1.234,50 €", "30 €", "lun. a vie.", "Nº", "No.", "#", "Dr.", "Dra.", "Sr.", "Sra.", "Srta.", "Lic.", "Ud.", "tel.", "ext.", "etc.",
  "EE. UU.", "p. ej.", "Av.", "Pérez", "Muñoz", "Smith", "info@clinica.com", "www.clinica.com", "¿", "¡", "?", "!",
  " ", "\n", "\n\n", ".", ",", "-", "—", "'", "\"", "(", ")", ":", "/", "...", "é", "\u0301", "😀", "\u0000", "\u200b",
  "ﬁ", "º", "ª", "½", "0", "1", "21", "12", "1999", "90210", "x", "B", "de", "las", "la", "una",
);
const speechInput = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { maxLength: 25 }).map((parts) => parts.join("")),
);
const CONTROL_RE = /\p{Cc}|\p{Cf}|\p{Cs}|\p{Co}/u;

describe("Spanish normalizeForSpeech properties", () => {
  it("never throws on any string", () => {
    fc.assert(fc.property(speechInput, (text) => void es(text)), { numRuns: 2000 });
  });

  it("is idempotent on its own output", () => {
    fc.assert(
      fc.property(speechInput, (text) => {
        const once = es(text);
        expect(es(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it("leaves no control characters, ASCII digits or symbols in its output", () => {
    fc.assert(
      fc.property(speechInput, (text) => {
        const out = es(text);
        expect(CONTROL_RE.test(out)).toBe(false);
        expect(/[0-9$%&@#/\\<>{}[\]()*+=|~^`"]/.test(out)).toBe(false);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\s{2}/);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves English output as it was when no language, or English, is given", () => {
    fc.assert(
      fc.property(speechInput, (text) => {
        const english = normalizeEnglish(text);
        expect(normalizeForSpeech(text)).toBe(english);
        expect(normalizeForSpeech(text, { language: "en-GB" })).toBe(english);
      }),
      { numRuns: 1000 },
    );
  });
});
