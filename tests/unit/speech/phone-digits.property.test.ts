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

describe("international numbers past what a message can hold", () => {
  const ukNumber = (i: number) => `+44 20 7${String(100 + (i % 900))} ${String(1000 + ((i * 7919) % 9000))}`;

  it("reads every digit of a megabyte of different numbers, grouping the first 256 by their country's plan", { timeout: 120_000 }, () => {
    const numbers: string[] = [];
    for (let i = 0, length = 0; length < 1_000_000; i++) {
      numbers.push(ukNumber(i));
      length += numbers.at(-1)!.length + 2;
    }
    // One number a sentence: long text is normalised in windows cut after a sentence end, never inside a number.
    const spoken = normalizeForSpeech(numbers.join(". "));
    expect(heardDigits(spoken)).toBe(numbers.map((n) => n.replace(/\D/g, "")).join(""));
    expect(spoken).not.toMatch(/\d/);
    // "+44 20 7946 0958" written with its area code glued on: libphonenumber splits "207946" as the UK plan does.
    const glued = (i: number) => `+44 207${String(100 + (i % 900))} ${String(1000 + ((i * 7919) % 9000))}`;
    const gluedText = Array.from({ length: 300 }, (_, i) => glued(i)).join(", ");
    const pieces = normalizeForSpeech(gluedText).split(/, (?=plus)/);
    expect(pieces).toHaveLength(300);
    expect(pieces[0]).toMatch(/^plus four four, two zero, seven /); // grouped by libphonenumber
    expect(pieces[299]).toMatch(/^plus four four, two zero seven /); // past the 256th: the groups as written
  });

  it("starts each text with the full allowance, so one hostile text does not change the next message", () => {
    normalizeForSpeech(Array.from({ length: 400 }, (_, i) => `+44 207${String(100 + i)} 0958`).join(", "));
    expect(normalizeForSpeech("Call +44 2079460958.")).toBe("Call plus four four, two zero, seven nine four six, zero nine five eight.");
  });
});
