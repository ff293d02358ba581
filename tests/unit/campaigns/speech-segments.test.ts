import { describe, expect, it } from "vitest";
import { SpeechSegmentTally } from "@/lib/campaigns/speech-check";
import { Lexicon } from "@/lib/lexicon";
import { MessagePlanner } from "@/lib/renders";
import { mergeTemplate, parseTemplate, type MergeData } from "@/lib/templates";

const target = { engine: "kokoro", modelVersion: "v1", voice: "af_heart", speed: 1 };

function tallyOf(names: { firstName: string; lastName: string }[], lexicon?: Lexicon) {
  const parsed = parseTemplate("Hello {{firstName}}. Your visit with Dr. {{lastName}} is booked. Press 1 to confirm.");
  if (!parsed.ok) throw new Error("template");
  const tally = new SpeechSegmentTally(parsed.value);
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
