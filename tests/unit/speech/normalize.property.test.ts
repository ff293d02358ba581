import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TEXT_PIECE_CHARS as MAX_SEGMENT_CHARS } from "@/lib/protocol/tts";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";

// Fragments that trigger the rules, mixed with arbitrary text, find interactions plain random strings miss.
const fragment = fc.constantFrom(
  "2:30 PM", "14:30", "9 a.m.", "12:05", "noon", "3/3/2026", "March 3", "Tue., Mar. 3rd", "2026-03-03T09:00Z",
  "(555) 123-4567", "+1 555 123 4567", "+442079460958", "$1,250.50", "$0.99", "15%", "1st", "22nd", "101st",
  "Dr.", "St.", "Main", "Ave.", "Mr.", "appt.", "e.g.", "www.brightsmile.com", "info@brightsmile.com", "@handle",
  "&", " ", "\n", "\n\n", ".", ",", "-", "—", "'", "\"", "(", ")", ":", "/", "!", "?", "...", "#", "é", "\u0301",
  "😀", "\u0000", "\u200b", "ﬁ", "²", "½", "0", "12", "1999", "90210", "x", "B",
);
const speechInput = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.array(fc.oneof(fragment, fc.string({ maxLength: 4 })), { maxLength: 25 }).map((parts) => parts.join("")),
);
const CONTROL_RE = /\p{Cc}|\p{Cf}|\p{Cs}|\p{Co}/u;

describe("normalizeForSpeech properties", () => {
  it("never throws on any string", () => {
    fc.assert(fc.property(speechInput, (text) => void normalizeForSpeech(text)), { numRuns: 2000 });
  });

  it("is idempotent on its own output", () => {
    fc.assert(
      fc.property(speechInput, (text) => {
        const once = normalizeForSpeech(text);
        expect(normalizeForSpeech(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it("leaves no control characters, ASCII digits or symbols in its output", () => {
    fc.assert(
      fc.property(speechInput, (text) => {
        const out = normalizeForSpeech(text);
        expect(CONTROL_RE.test(out)).toBe(false);
        expect(/[0-9$%&@#/\\<>{}[\]()*+=|~^`"]/.test(out)).toBe(false);
        expect(out).toBe(out.trim());
        expect(out).not.toMatch(/\s{2}/);
      }),
      { numRuns: 2000 },
    );
  });
});

// Long runs of numbers and symbols come out as lower-case words ("one percent one percent …"); normalisation
// takes such text as already spoken, without running every rule over it again. That holds only while no rule
// rewrites plain lower-case words but the abbreviations: a new one must be read there too (isSettled).
const LOWER_CASE_ABBREVIATIONS = ["appt", "appts", "etc", "vs", "approx", "dept", "ext", "tel", "hrs", "mins"];
const lowerCaseWord = fc.oneof(
  fc.stringMatching(/^[a-z]{1,9}$/),
  fc.constantFrom("one", "point", "percent", "dot", "at", "w", "www", "no", "st", "nd", "th", "am", "pm", "a", "m", "e", "g", "i", "s", "k"),
  fc.constantFrom("noon", "midnight", "mon", "jan", "mar", "may", "sept", "dr", "mr", "ave", "com", "org", "with", "about", "and"),
);
const lowerCaseWords = fc
  .tuple(fc.array(fc.tuple(lowerCaseWord, fc.constantFrom(" ", ", ")), { minLength: 1, maxLength: 30 }), fc.boolean())
  .map(([words, period]) => words.map(([word, gap]) => word + gap).join("").slice(0, -1).replace(/,$/, "") + (period ? "." : ""));

describe("normalizeForSpeech on text already spoken", () => {
  it("leaves lower-case words with single spaces, commas and a closing period as they are", () => {
    fc.assert(
      fc.property(lowerCaseWords, (text) => {
        fc.pre(!text.split(/[ .,]/).some((word) => LOWER_CASE_ABBREVIATIONS.includes(word)));
        expect(normalizeForSpeech(text)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it("still expands a lower-case abbreviation among them, also one that a later rule uncovers", () => {
    expect(normalizeForSpeech("one vs one")).toBe("one versus one");
    // "_" keeps "hrs" inside a word until the symbol rules turn it into a space: a second pass expands it.
    expect(normalizeForSpeech("1_hrs")).toBe("one hours");
    expect(normalizeForSpeech("vs_x")).toBe("versus x");
  });
});

describe("splitSentences properties", () => {
  const longText = fc
    .array(fc.oneof(fc.constantFrom(".", ",", ";", "!", "?", "...", "\n"), fc.string({ unit: "grapheme-ascii", maxLength: 12 }), fc.string({ minLength: 200, maxLength: 700 })), { maxLength: 30 })
    .map((parts) => parts.join(" "));

  it("never returns a piece longer than MAX_SEGMENT_CHARS or an empty piece", () => {
    fc.assert(
      fc.property(fc.oneof(longText, speechInput.map(normalizeForSpeech)), (text) => {
        for (const piece of splitSentences(text)) {
          expect(piece.length).toBeLessThanOrEqual(MAX_SEGMENT_CHARS);
          expect(piece.trim()).toBe(piece);
          expect(piece.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps every word, in order, when the pieces are joined", () => {
    const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
    fc.assert(
      fc.property(fc.oneof(longText, speechInput.map(normalizeForSpeech)), (text) => {
        const pieces = splitSentences(text);
        expect(pieces.join("").replace(/[^\p{L}\p{N}]/gu, "")).toBe(text.replace(/[^\p{L}\p{N}]/gu, ""));
        if (!pieces.some((p) => p.length === MAX_SEGMENT_CHARS)) expect(words(pieces.join(" "))).toEqual(words(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps its output clean past one window, where long text is normalised piece by piece", () => {
    const longInput = fc
      .tuple(fc.array(fc.oneof(fragment, fc.constantFrom("Hi Maria. ", "Call us at ", " on ", "\n")), { minLength: 1, maxLength: 30 }), fc.integer({ min: 4_500, max: 12_000 }))
      .map(([parts, length]) => parts.join("").repeat(Math.ceil(length / Math.max(1, parts.join("").length))).slice(0, length));
    fc.assert(
      fc.property(longInput, (text) => {
        const once = normalizeForSpeech(text);
        expect(/[0-9$%&@#/\\<>{}[\]()*+=|~^`"]/.test(once)).toBe(false);
        expect(CONTROL_RE.test(once)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

