import { describe, expect, it } from "vitest";
import { pickVariedSamples } from "@/lib/campaigns/samples";

const c = (values: string[], missing: string[] = []) => ({ values, missing });

describe("preview samples chosen for variety", () => {
  it("shows different values instead of the first rows when the first rows look alike", () => {
    const candidates = [c(["Maria", "2:30 PM"]), c(["Maria", "2:30 PM"]), c(["Maria", "2:30 PM"]), c(["John", "9:00 AM"]), c(["Aiko", "2:30 PM"])];
    expect(pickVariedSamples(candidates, 3)).toEqual([0, 3, 4]);
  });

  it("puts a message that misses a value first", () => {
    const candidates = [c(["Maria", "2:30 PM"]), c(["John", "9:00 AM"]), c(["Ana", ""], ["appointment.time"])];
    expect(pickVariedSamples(candidates, 2)).toEqual([2, 0]);
  });

  it("returns every candidate when there are fewer than asked, and none when there are none", () => {
    expect(pickVariedSamples([c(["A"]), c(["A"])], 3)).toEqual([0, 1]);
    expect(pickVariedSamples([], 3)).toEqual([]);
  });
});
