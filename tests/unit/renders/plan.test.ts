import { describe, expect, it } from "vitest";
import { MessagePlanner, planMessages, type RenderTarget } from "@/lib/renders/plan";

const TARGET: RenderTarget = { engine: "kokoro", modelVersion: "v1", voice: "af_heart", speed: 1 };
const texts = ["Hi Ana, this is Harbour Physio. Your code is 1.", "Hi Bea, this is Harbour Physio. Your code is 1.", "Hi Ana, this is Harbour Physio. Your code is 2."];

describe("planning merged texts one at a time", () => {
  it("gives each text the key planMessages gives it, and shares equal sentences as one segment", () => {
    const planner = new MessagePlanner(TARGET);
    const plan = planMessages(texts, TARGET);
    const planned = texts.map((t) => planner.plan(t));
    expect(planned.map((p) => p.key)).toEqual(plan.messageKeys);
    // "Your code is one." is one segment object in both messages that say it.
    expect(planned[0]!.segments[1]).toBe(planned[1]!.segments[1]);
    expect(new Set(planned.flatMap((p) => p.segments.map((s) => s.key))).size).toBe(plan.segments.size);
  });

  it("plans a text seen before from its memo, not again", () => {
    const planner = new MessagePlanner(TARGET);
    expect(planner.plan(texts[0]!)).toBe(planner.plan(texts[0]!));
  });

  it("remembers at most maxTexts texts, forgetting the oldest, and plans a forgotten one again to the same key", () => {
    const planner = new MessagePlanner(TARGET, undefined, { maxTexts: 2 });
    const first = planner.plan(texts[0]!);
    planner.plan(texts[1]!);
    expect(planner.plan(texts[1]!)).toBe(planner.plan(texts[1]!));
    planner.plan(texts[2]!);
    const again = planner.plan(texts[0]!);
    expect(again).not.toBe(first);
    expect(again.key).toBe(first.key);
    expect(again.segmentKeys).toEqual(first.segmentKeys);
  });
});
