import { describe, expect, it } from "vitest";
import { byVoice, combineReports, SpeechSegmentTally } from "@/lib/campaigns/speech-check";
import { Lexicon } from "@/lib/lexicon";
import { MessagePlanner } from "@/lib/renders";
import { mergeTemplate, parseTemplate, type MergeData } from "@/lib/templates";

const target = { engine: "kokoro", modelVersion: "v1", voice: "af_heart", speed: 1 };

function tallyOf(names: { firstName: string; lastName: string }[], lexicon?: Lexicon) {
  const parsed = parseTemplate("Hello {{firstName}}. Your visit with Dr. {{lastName}} is booked. Press 1 to confirm.");
  if (!parsed.ok) throw new Error("template");
  const tally = new SpeechSegmentTally([{ language: "en", template: parsed.value, voice: target.voice }]);
  const planner = new MessagePlanner(target, lexicon);
  for (const n of names) {
    const data: MergeData = { contact: { firstName: n.firstName, lastName: n.lastName, phone: "+12025550100", email: null, timezone: null, attributes: {} }, appointment: null, defaultTimezone: "America/New_York" };
    const merged = mergeTemplate(parsed.value, data);
    tally.add({ data, merged }, planner.plan(merged));
  }
  return tally.list();
}

describe("the sentences the speech check hears", () => {
  it("are the distinct sentences that hold a merge value, each with the values it holds as they are said", () => {
    const segments = tallyOf([
      { firstName: "Ahmed", lastName: "Okafor" },
      { firstName: "Maria", lastName: "Okafor" },
      { firstName: "Ahmed", lastName: "Okafor" },
    ]);
    expect(segments.map((s) => [s.text, s.values])).toEqual([
      ["Hello Ahmed.", ["Ahmed"]],
      ["Your visit with Doctor Okafor is booked.", ["Okafor"]],
      ["Hello Maria.", ["Maria"]],
    ]);
  });

  it("still check a name the dictionary respells, against the name: that is how a fix is heard", () => {
    const segments = tallyOf([{ firstName: "Ahmed", lastName: "Okafor" }], new Lexicon([{ term: "Ahmed", sayAs: "Ah-med" }]));
    expect(segments[0]).toMatchObject({ text: "Hello Ah-med.", values: ["Ahmed"] });
  });
});

describe("the sentences of a campaign with a Spanish version", () => {
  it("carry the voice of the version that says them, so each is heard in its own language", () => {
    const en = parseTemplate("Hello {{firstName}}.");
    const es = parseTemplate("Hola {{firstName}}.");
    if (!en.ok || !es.ok) throw new Error("template");
    const tally = new SpeechSegmentTally([
      { language: "en", template: en.value, voice: "af_heart" },
      { language: "es", template: es.value, voice: "ef_dora" },
    ]);
    const planner = new MessagePlanner(target);
    const spanish = new MessagePlanner({ ...target, voice: "ef_dora" }, undefined, { language: "es" });
    const data: MergeData = { contact: { firstName: "Xiomara", lastName: "Okafor", phone: "+12025550100", email: null, timezone: null, attributes: {} }, appointment: null, defaultTimezone: "America/New_York" };
    tally.add({ data, merged: mergeTemplate(en.value, data) }, planner.plan(mergeTemplate(en.value, data)));
    tally.add({ data, merged: mergeTemplate(es.value, data), language: "es" }, spanish.plan(mergeTemplate(es.value, data)));
    expect(tally.list().map((s) => [s.text, s.voice, s.values])).toEqual([
      ["Hello Xiomara.", "af_heart", ["Xiomara"]],
      ["Hola Xiomara.", "ef_dora", ["Xiomara"]],
    ]);
    expect([...byVoice(tally.list()).keys()]).toEqual(["af_heart", "ef_dora"]);
  });

  it("add up to one report, and a voice the check cannot hear leaves its sentences unchecked", () => {
    const english = { ran: true as const, segments: 3, checked: 3, unchecked: 0, findings: [], recogniser: "tiny.en", audioSeconds: 3, recogniserSeconds: 1 };
    const combined = combineReports([english, { ran: false, reason: "the voice jf_alpha speaks Japanese", segments: 2 }]);
    expect(combined).toMatchObject({ ran: true, segments: 5, checked: 3, unchecked: 2, recogniser: "tiny.en" });
    expect(combineReports([{ ran: false, reason: "down", segments: 1 }, { ran: false, reason: "down", segments: 2 }])).toEqual({ ran: false, reason: "down", segments: 3 });
  });
});
