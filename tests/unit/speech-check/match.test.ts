import { describe, expect, it } from "vitest";
import { heardValue, respellings, spellingKey, splitSyllables } from "@/lib/speech-check";

describe("whether the speech check heard a value", () => {
  it("hears a value whose words appear in order in the transcript", () => {
    expect(heardValue("okafor", "hello okafor this is a reminder")).toBe(true);
    expect(heardValue("doctor patel", "with doctor patel on tuesday")).toBe(true);
    expect(heardValue("doctor patel", "with patel doctor on tuesday")).toBe(false);
  });

  it("flags a changed consonant or an added or lost sound: what a patient would hear wrong", () => {
    expect(heardValue("ahmed", "hello acmed this is a reminder")).toBe(false);
    expect(heardValue("okafor", "hello akhafar this is a reminder")).toBe(false);
    expect(heardValue("amoxicillin", "please pick up your amex acillin")).toBe(false);
    expect(heardValue("oyelaran", "hello oil aaron this is")).toBe(false);
  });

  it("tolerates spelling variants of one sound in names of five letters or more", () => {
    expect(heardValue("katherine", "hi catherine")).toBe(true);
    expect(heardValue("mohammed", "hi mohamed")).toBe(true);
    expect(heardValue("stephen", "hi stefen")).toBe(true);
    // One vowel for another: an unstressed vowel is a schwa, whatever the recogniser writes.
    expect(heardValue("okafor", "hello okafur")).toBe(true);
    expect(spellingKey("Philippa")).toBe(spellingKey("Filipa"));
  });

  it("does not tolerate a short name's variant: with four letters one letter is too much of the name", () => {
    expect(heardValue("anna", "hi anne")).toBe(false);
    expect(heardValue("ahmd", "hi acmd")).toBe(false);
  });

  it("hears a one-word name the recogniser wrote as two words", () => {
    expect(heardValue("okafor", "hello o kafor")).toBe(true);
    expect(heardValue("okafor", "hello o")).toBe(false);
  });
});

describe("respelling candidates", () => {
  it("cut a name into spoken syllables with hyphens, then stress each syllable in turn", () => {
    expect(splitSyllables("Okafor")).toEqual(["o", "ka", "for"]);
    const candidates = respellings("Okafor");
    expect(candidates[0]).toBe("Oh-kah-for");
    expect(candidates).toContain("oh-KAH-for");
    expect(candidates.length).toBeLessThanOrEqual(6);
  });

  it("split a drug name by the syllables of its spelling", () => {
    expect(respellings("amoxicillin")).toContain("A-mo-xi-cil-lin");
  });

  it("offer nothing for a word of one syllable", () => {
    expect(respellings("Smith")).toEqual([]);
  });
});

describe("an accepted respelling", () => {
  it("changes the key of exactly the sentences that hold its word, so only they are rendered and heard again", async () => {
    const { Lexicon } = await import("@/lib/lexicon");
    const { planMessages } = await import("@/lib/renders");
    const target = { engine: "kokoro", modelVersion: "v1", voice: "af_heart", speed: 1 };
    const texts = ["Hello Ahmed. This is the clinic.", "Hello Maria. This is the clinic.", "Dear Ahmed Okafor, call us. Goodbye."];
    const before = planMessages(texts, target);
    const after = planMessages(texts, target, new Lexicon([{ term: "Ahmed", sayAs: "Ah-med" }]));
    const changed = [...before.segments.values()].filter((s) => !after.segments.has(s.key)).map((s) => s.text);
    expect(changed.sort()).toEqual(["Dear Ahmed Okafor, call us.", "Hello Ahmed."]);
    expect([...after.segments.values()].filter((s) => !before.segments.has(s.key)).map((s) => s.text).sort()).toEqual(["Dear Ah-med Okafor, call us.", "Hello Ah-med."]);
  });
});
