import { describe, expect, it } from "vitest";
import { VersionPlanners } from "@/lib/campaigns/planning";
import { Lexicon, Lexicons } from "@/lib/lexicon/matcher";
import { parseTemplate } from "@/lib/templates";

const target = { engine: "kokoro", modelVersion: "kokoro-82m-v1.0-q8", voice: "af_heart", speed: 1 };
const template = (text: string) => {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error("bad template");
  return parsed.value;
};
const versions = [
  { language: "en", template: template("Hi"), voice: "af_heart" },
  { language: "es", template: template("Hola"), voice: "ef_dora" },
];
const ENTRIES = [
  { term: "Nguyen", sayAs: "win", language: "en" },
  { term: "Nguyen", sayAs: "güin", language: "es" },
  { term: "Bright Smile", sayAs: "Brait Esmail", language: "es" },
];

describe("a campaign's versions and the dictionary of each language", () => {
  const planners = new VersionPlanners(versions, (voice) => ({ ...target, voice }), Lexicons.of(ENTRIES));

  it("says the same word with each language's own respelling", () => {
    expect(planners.plan({ merged: "Hi Ann Nguyen, this is Bright Smile Dental.", language: "en" }).text).toBe("Hi Ann win, this is Bright Smile Dental.");
    expect(planners.plan({ merged: "Hola Lucía Nguyen, le habla Bright Smile Dental.", language: "es" }).text).toBe("Hola Lucía güin, le habla Brait Esmail Dental.");
    expect(planners.plan({ merged: "Hola Lucía Nguyen.", language: "es-419" }).segments[0]!.pronounced).toEqual(["nguyen"]);
  });

  it("keys English sentences as before Spanish entries existed: the keys of unchanged sentences do not move", () => {
    const merged = "Hi Ann Nguyen, this is Bright Smile Dental. Please call us back.";
    const planned = planners.plan({ merged, language: "en" });
    // The keys the English dictionary gave these sentences before entries had a language.
    expect(planned.segments.map((s) => [s.key, s.text])).toEqual([
      ["893157c7f9777fea6fd4aff38bf4c0a90b0bed524664005481954dd30ba94e77", "Hi Ann win, this is Bright Smile Dental."],
      ["f3ee683b3d36ead8ee4f83bf77a2e39858f9e0456f55e6343cff975699263243", "Please call us back."],
    ]);
    const englishOnly = new VersionPlanners(versions, (voice) => ({ ...target, voice }), Lexicons.of(ENTRIES.filter((e) => e.language === "en")));
    expect(englishOnly.plan({ merged, language: "en" }).key).toBe(planned.key);
  });

  it("keys a Spanish sentence without Spanish entries as it was keyed when Spanish had no dictionary", () => {
    const merged = "Hola Lucía, le esperamos.";
    const without = new VersionPlanners(versions, (voice) => ({ ...target, voice }));
    const withEnglish = new VersionPlanners(versions, (voice) => ({ ...target, voice }), Lexicons.of([{ term: "Lucía", sayAs: "Loo-see-ah", language: "en" }]));
    expect(withEnglish.plan({ merged, language: "es" }).key).toBe(without.plan({ merged, language: "es" }).key);
    expect(Lexicons.empty.for("es")).toBe(Lexicon.empty);
  });
});
