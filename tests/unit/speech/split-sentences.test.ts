import { describe, expect, it } from "vitest";
import { MAX_TEXT_PIECE_CHARS as MAX_SEGMENT_CHARS } from "@/lib/protocol/tts";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";

describe("splitSentences", () => {
  it("splits at terminal punctuation and keeps it with its sentence", () => {
    expect(splitSentences("Hi Maria. Your appointment is tomorrow! Can you come? Press one.")).toEqual([
      "Hi Maria.",
      "Your appointment is tomorrow!",
      "Can you come?",
      "Press one.",
    ]);
  });

  it("keeps a final sentence without punctuation", () => {
    expect(splitSentences("Thanks. See you soon")).toEqual(["Thanks.", "See you soon"]);
  });

  it("trims pieces and drops empty or unspeakable ones", () => {
    expect(splitSentences("  Hello.   . !  World.  ")).toEqual(["Hello.", "World."]);
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences("   ")).toEqual([]);
    expect(splitSentences("...")).toEqual([]);
  });

  it("does not split inside decimals, addresses and times that normalisation has spelled out", () => {
    const text = normalizeForSpeech("Dr. Lee at 42 Main St. Suite 4 will see you at 2:30 p.m. on Mar. 3. It costs $3.50.");
    expect(splitSentences(text)).toEqual([
      "Doctor Lee at forty-two Main Street Suite four will see you at two thirty PM on March third.",
      "It costs three dollars and fifty cents.",
    ]);
  });

  it("does not split after titles or initials in text that was not normalised", () => {
    expect(splitSentences("Dr. Smith and J. Lee agree. Mr. Tan too.")).toEqual(["Dr. Smith and J. Lee agree.", "Mr. Tan too."]);
  });

  it("keeps a closing quote with the sentence it ends", () => {
    expect(splitSentences('She said "yes." Then left.')).toEqual(['She said "yes."', "Then left."]);
  });

  it("keeps an ellipsis followed by lower case inside the sentence", () => {
    expect(splitSentences("Wait... then call us. Bye.")).toEqual(["Wait... then call us.", "Bye."]);
  });

  it("splits a long sentence at commas before splitting between words", () => {
    const clause = "please bring your insurance card and a photo ID with you";
    const sentence = `${Array.from({ length: 8 }, () => clause).join(", ")}.`;
    const pieces = splitSentences(sentence);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_SEGMENT_CHARS);
      expect(piece.endsWith(",") || piece.endsWith(".")).toBe(true);
    }
    expect(pieces.join(" ")).toBe(sentence);
  });

  it("splits a long sentence with no commas between words", () => {
    const sentence = `${Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ")}.`;
    const pieces = splitSentences(sentence);
    expect(pieces.every((p) => p.length <= MAX_SEGMENT_CHARS)).toBe(true);
    expect(pieces.join(" ")).toBe(sentence);
  });

  it("cuts a single word longer than the limit into pieces", () => {
    const word = "a".repeat(MAX_SEGMENT_CHARS * 2 + 5);
    const pieces = splitSentences(word);
    expect(pieces).toHaveLength(3);
    expect(pieces.join("")).toBe(word);
  });

  it("exports a limit that fits the model's token window", () => {
    expect(MAX_SEGMENT_CHARS).toBeGreaterThanOrEqual(200);
    expect(MAX_SEGMENT_CHARS).toBeLessThanOrEqual(400);
  });
});
