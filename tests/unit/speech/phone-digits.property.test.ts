import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeForSpeech } from "@/lib/speech";

const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** The digits a listener hears, in order: every digit word of the spoken text. */
const heardDigits = (spoken: string) =>
  spoken
    .toLowerCase()
    .split(/[^a-z]+/)
    .map((w) => DIGIT_WORDS.indexOf(w))
    .filter((d) => d >= 0)
    .join("");

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""));
const separator = fc.constantFrom("-", ".", " ", "");

/** A North American number written the ways people write it, with or without its country code. */
const nanpNumber = fc
  .record({
    prefix: fc.constantFrom("", "1", "1-", "1 ", "+1", "+1 ", "+1-"),
    area: fc.tuple(fc.integer({ min: 2, max: 9 }), digits(2)).map(([a, rest]) => `${a}${rest}`),
    exchange: fc.tuple(fc.integer({ min: 2, max: 9 }), digits(2)).map(([a, rest]) => `${a}${rest}`),
    line: digits(4),
    parens: fc.boolean(),
    sep: separator,
  })
  .map(({ prefix, area, exchange, line, parens, sep }) => `${prefix}${parens ? `(${area}) ` : `${area}${sep}`}${exchange}${sep}${line}`);

const internationalNumber = fc
  .tuple(fc.constantFrom("+44 20 ", "+44 ", "+33 1 ", "+49 30 ", "+61 2 "), digits(4), separator, digits(4))
  .map(([country, a, sep, b]) => `${country}${a}${sep}${b}`);

const sentence = fc.constantFrom((p: string) => `Call ${p} now.`, (p: string) => `Questions? ${p}.`, (p: string) => `Our number is ${p}, thanks!`, (p: string) => p);

describe("phone numbers in speech", () => {
  it("loses no digit of a North American number, country code included", () => {
    fc.assert(
      fc.property(nanpNumber, sentence, (phone, wrap) => {
        expect(heardDigits(normalizeForSpeech(wrap(phone)))).toBe(phone.replace(/\D/g, ""));
      }),
      { numRuns: 3000 },
    );
  });

  it("loses no digit of an international number", () => {
    fc.assert(
      fc.property(internationalNumber, sentence, (phone, wrap) => {
        const spoken = normalizeForSpeech(wrap(phone));
        expect(spoken).toContain("plus");
        expect(heardDigits(spoken)).toBe(phone.replace(/\D/g, ""));
      }),
      { numRuns: 2000 },
    );
  });
});
