import { describe, expect, it } from "vitest";
import { CALLS_BATCH, CALLS_IDLE_MS, nextCallsRunInMs } from "@/lib/calls/place";

describe("the calls loop's pace", () => {
  it("runs again at once after a full batch, so a long campaign is called at the carrier rate", () => {
    expect(nextCallsRunInMs({ done: CALLS_BATCH, retrying: 0, dead: 0, lost: 0 })).toBe(0);
    expect(nextCallsRunInMs({ done: CALLS_BATCH - 3, retrying: 2, dead: 1, lost: 0 })).toBe(0);
  });

  it("waits when fewer than a batch were due, and when nothing was", () => {
    expect(nextCallsRunInMs({ done: CALLS_BATCH - 1, retrying: 0, dead: 0, lost: 0 })).toBe(CALLS_IDLE_MS);
    expect(nextCallsRunInMs({ done: 0, retrying: 0, dead: 0, lost: 0 })).toBe(CALLS_IDLE_MS);
    expect(CALLS_IDLE_MS).toBeGreaterThan(0);
  });
});
