import { describe, expect, it } from "vitest";
import { estimateEta, etaMidpointSeconds, MIN_COMPLETIONS, type ThroughputSample } from "@/lib/renders";

/** 100 completions in the last minute: 120 audio-seconds from 1,680 text units (14 units per audio-second). */
function sample(overrides: Partial<ThroughputSample> = {}): ThroughputSample {
  return {
    windowSeconds: 60,
    completions: 100,
    completedAudioSeconds: 120,
    completedTextUnits: 1_680,
    busySeconds: 600,
    aheadTextUnits: 1_400,
    aheadSegments: 30,
    ...overrides,
  };
}

describe("estimateEta", () => {
  it("is zero when nothing is queued ahead", () => {
    expect(estimateEta(sample({ aheadSegments: 0, aheadTextUnits: 0 }))).toEqual({ lowSeconds: 0, highSeconds: 0 });
  });

  it("divides the queued audio by the audio-seconds completed per second in the window", () => {
    // 1,400 units = 100 audio-seconds at the window's 14 units per second; 2 audio-seconds per second → 50 s, ±10 %.
    expect(estimateEta(sample())).toEqual({ lowSeconds: 45, highSeconds: 56 });
  });

  it("calibrates text units to audio from what was rendered, not from a fixed characters-per-second guess", () => {
    // The same completions spoke 7 units per audio-second (a slow voice): the same queue is 200 audio-seconds.
    expect(estimateEta(sample({ completedTextUnits: 840 }))).toEqual({ lowSeconds: 90, highSeconds: 120 });
  });

  it("measures the rate over the time the workers were busy when that is shorter than the window", () => {
    // 20 audio-seconds in the 10 s since the first campaign launched is 2 per second, not 20/60.
    const eta = estimateEta(sample({ busySeconds: 10, completedAudioSeconds: 20, completedTextUnits: 280 }));
    expect(eta).toEqual({ lowSeconds: 45, highSeconds: 56 });
  });

  it("widens the range when few segments finished in the window", () => {
    const few = estimateEta(sample({ completions: MIN_COMPLETIONS }))!;
    const many = estimateEta(sample())!;
    expect(few.highSeconds / few.lowSeconds).toBeGreaterThan(2);
    expect(many.highSeconds / many.lowSeconds).toBeLessThan(1.3);
    expect(few.lowSeconds).toBeLessThanOrEqual(many.lowSeconds);
    expect(few.highSeconds).toBeGreaterThanOrEqual(many.highSeconds);
  });

  it("falls back to the workers' start-up speed, with a wide range, before enough segments finished", () => {
    const eta = estimateEta(sample({ completions: MIN_COMPLETIONS - 1 }), { audioSecondsPerSecond: 4 });
    // 1,400 units at the default 14 per second = 100 audio-seconds, 4 per second = 25 s, ±50 %.
    expect(eta).toEqual({ lowSeconds: 16, highSeconds: 50 });
  });

  it("prefers the live rate over the start-up speed once enough segments finished (a busy machine is slower)", () => {
    const live = estimateEta(sample({ completedAudioSeconds: 12, completedTextUnits: 168 }), { audioSecondsPerSecond: 4 });
    // 0.2 audio-seconds per second live: 500 s, not the 25 s the idle measurement promises.
    expect(live).toEqual({ lowSeconds: 450, highSeconds: 560 });
  });

  it("is unknown with neither completions nor a start-up speed", () => {
    expect(estimateEta(sample({ completions: 0, completedAudioSeconds: 0, completedTextUnits: 0 }))).toBeNull();
    expect(estimateEta(sample({ completions: 0, completedAudioSeconds: 0, completedTextUnits: 0 }), { audioSecondsPerSecond: 0 })).toBeNull();
  });

  it("keeps two significant figures and never says less than a second", () => {
    const long = estimateEta(sample({ aheadTextUnits: 47_123 }))!;
    for (const s of [long.lowSeconds, long.highSeconds]) expect(String(s).replace(/0+$/, "").length).toBeLessThanOrEqual(2);
    expect(estimateEta(sample({ aheadTextUnits: 1, aheadSegments: 1 }))).toEqual({ lowSeconds: 1, highSeconds: 1 });
  });
});

describe("etaMidpointSeconds", () => {
  it("is the geometric middle of the range", () => {
    expect(etaMidpointSeconds({ lowSeconds: 20, highSeconds: 80 })).toBe(40);
    expect(etaMidpointSeconds({ lowSeconds: 0, highSeconds: 0 })).toBe(0);
  });
});
