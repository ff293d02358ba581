import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TEXT_PIECE_CHARS } from "@/lib/protocol/tts";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import { mergeTemplate, parseTemplate } from "@/lib/templates";

// Each is a run that once made a pattern rescan the rest of the input from every character (quadratic):
// blanks for the `\s*X` rules, letters for the e-mail rule, dotted names for bare domains, digits for
// decimals and percentages, dots for sentence ends. Quadratic, 100,000 characters of blanks took minutes.
const FAMILIES = [" ", "\n", "\t", " \n", "a", "aa.", "a.", "a-", "1", "1.", "1%", "1 ", "1.1", ".", "'", ":", " ,", "x .", "_", "www.", "a@", "A.", "(("];
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function secondsFor(text: string): number {
  const started = performance.now();
  splitSentences(normalizeForSpeech(text));
  return (performance.now() - started) / 1000;
}

// Bounds are generous on purpose (a shared 2-core machine): linear code takes well under a tenth of them,
// while the quadratic patterns took minutes. The ratio 100k/10k is measured in bench/normalize-linearity.ts.
describe("normalizeForSpeech on hostile input", () => {
  it("finishes 100,000 characters of every known worst-case run in seconds, not minutes", { timeout: 120_000 }, () => {
    const slow: string[] = [];
    for (const unit of FAMILIES) {
      const seconds = secondsFor(repeatTo(unit, 100_000));
      if (seconds > 5) slow.push(`${JSON.stringify(unit)}: ${seconds.toFixed(1)} s`);
    }
    expect(slow).toEqual([]);
  });

  it("finishes a 1 MB run of blanks, letters, dots or dashes within a few seconds", { timeout: 120_000 }, () => {
    for (const unit of [" ", "\n", "a", "aa.", "a-", ".", "'"]) {
      expect(secondsFor(repeatTo(unit, 1_000_000)), JSON.stringify(unit)).toBeLessThan(8);
    }
  });

  it("stays fast on runs of anything fast-check generates, biased to its worst cases", { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 4 }), (unit) => {
        expect(secondsFor(repeatTo(unit, 50_000)), JSON.stringify(unit)).toBeLessThan(5);
      }),
      { numRuns: 40 },
    );
  });
});

// What the model may be sent: letters, marks, digits beyond ASCII, spaces and the pauses it reads.
const SPOKEN_RE = /^[\p{L}\p{M}\p{N} .,!?;:'-]*$/u;

function expectCleanSpeech(text: string, label: string): void {
  const spoken = normalizeForSpeech(text);
  expect(SPOKEN_RE.test(spoken) && !/[0-9]/.test(spoken), label).toBe(true);
  const pieces = splitSentences(spoken);
  // A word longer than a piece is cut every MAX_TEXT_PIECE_CHARS code points (a surrogate pair stays whole).
  expect(pieces.every((piece) => piece.length > 0 && [...piece].length <= MAX_TEXT_PIECE_CHARS), label).toBe(true);
  // Packing a long sentence into pieces loses no letter or digit.
  expect(pieces.join("").replace(/[^\p{L}\p{N}]/gu, ""), label).toBe(spoken.replace(/[^\p{L}\p{N}]/gu, ""));
}

// The cost of these is measured in bench/normalize-linearity.ts (CPU time, best of runs); here only the result.
describe("normalizeForSpeech on a megabyte of hostile input", () => {
  it("reads 1 MB of every known worst-case run as clean speech", { timeout: 300_000 }, () => {
    for (const unit of FAMILIES) expectCleanSpeech(repeatTo(unit, 1_000_000), JSON.stringify(unit));
  });

  it("reads 1 MB runs of numbers as the numbers they are, window after window", { timeout: 120_000 }, () => {
    const cases: [unit: string, words: string, times: number][] = [
      ["1", "one", 1_000_000],
      ["1 ", "one", 500_000],
      ["1%", "one percent", 500_000],
    ];
    for (const [unit, words, times] of cases) {
      expect(normalizeForSpeech(repeatTo(unit, 1_000_000)) === Array(times).fill(words).join(" "), JSON.stringify(unit)).toBe(true);
    }
  });

  it("reads 1 MB runs of whatever fast-check generates, biased to its worst cases, as clean speech", { timeout: 300_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1, maxLength: 4 }), (unit) => {
        expectCleanSpeech(repeatTo(unit, 1_000_000), JSON.stringify(unit));
      }),
      { numRuns: 12 },
    );
  });
});

describe("mergeTemplate on hostile values", () => {
  it("tidies a 1 MB value of blanks in well under a second's worth of work", () => {
    const parsed = parseTemplate("Hi {{firstName}} , see you.");
    if (!parsed.ok) throw new Error("template");
    for (const unit of [" ", "\t", " x", " ,"]) {
      const started = performance.now();
      mergeTemplate(parsed.value, { contact: { firstName: repeatTo(unit, 1_000_000), lastName: null, phone: "", email: null, timezone: null, attributes: {} }, appointment: null, defaultTimezone: "UTC" });
      expect((performance.now() - started) / 1000, JSON.stringify(unit)).toBeLessThan(5);
    }
  });
});
