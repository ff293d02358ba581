import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tidySpanish } from "@/lib/speech/es/normalize";
import { tidy } from "@/lib/speech/normalize";

// Text the tidy-up reads: words, blanks, punctuation and symbols it drops, but no ¿ ¡ and no period before a word.
const piece = fc.constantFrom("Hola", "cita", "Pérez", "O'Brien", "e\u0301", "\u0301", " ", "  ", "\n", "\t", ",", ";", ":", "!", "?", "...", " .", "-", "--", " - ", "'", "\"", "😀", "#", "€", "x", "3");
const englishOnly = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join("").replace(/\.(?=[\p{L}\p{N}])/gu, ". "));

describe("the Spanish tidy-up", () => {
  it("is the English tidy-up on text without ¿ ¡ or a period before a word", () => {
    fc.assert(
      fc.property(englishOnly, (text) => {
        const english = tidy(text);
        // A dropped mark can still bring a word up to a period; Spanish spaces it, English does not.
        fc.pre(!/\.[\p{L}\p{N}]/u.test(english));
        expect(tidySpanish(text)).toBe(english);
      }),
      { numRuns: 2_000 },
    );
  });

  it("keeps ¿ and ¡ where a question or an exclamation opens, and drops them where nothing follows", () => {
    expect(tidySpanish("Hola.¿ ¿Viene el martes?  ¡ Gracias!")).toBe("Hola. ¿Viene el martes? ¡Gracias!");
    expect(tidySpanish("Gracias ¡")).toBe("Gracias");
    expect(tidy("¿Viene?")).toBe("Viene?");
  });

  it("puts a space after a period that a word follows", () => {
    expect(tidySpanish("Hola.Lucía")).toBe("Hola. Lucía");
    expect(tidy("Hola.Lucia")).toBe("Hola.Lucia");
  });
});
