import { describe, expect, it } from "vitest";
import { estimateEta, etaMidpointSeconds, liveSpanSeconds, measureSteadySpeed, MIN_COMPLETIONS, type CompletionPoint, type ThroughputSample } from "@/lib/renders";

/**
 * Workers busy for ten minutes: in the last minute, a first completion 60 s ago, then 100 more of 16.8 text
 * units each: 28 units a second.
 */
function sample(overrides: Partial<ThroughputSample> = {}): ThroughputSample {
  return {
    windowSeconds: 60,
    busySeconds: 600,
    completions: 101,
    completedTextUnits: 1_696.8,
    firstBatch: { completions: 1, textUnits: 16.8, endedSecondsAgo: 60 },
    aheadTextUnits: 1_400,
    aheadSegments: 30,
    ...overrides,
  };
}

/** `n` completions of `units` each, one every `every` seconds from `from`, after a first batch of `batch` at `from`. */
function stretch(from: number, n: number, every: number, units = 20, batch = 2): CompletionPoint[] {
  const points: CompletionPoint[] = [];
  for (let i = 0; i < batch; i++) points.push({ at: from, textUnits: units });
  for (let i = 1; i <= n; i++) points.push({ at: from + i * every, textUnits: units });
  return points;
}

describe("estimateEta", () => {
  it("is zero when nothing is queued ahead", () => {
    expect(estimateEta(sample({ aheadSegments: 0, aheadTextUnits: 0 }))).toMatchObject({ seconds: 0, lowSeconds: 0, highSeconds: 0 });
  });

  it("gives a point value, the queued text over the text rendered per second, with a ±10 % range at 100 completions", () => {
    // 1,400 units at 28 units a second = 50 s.
    expect(estimateEta(sample())).toEqual({ seconds: 50, lowSeconds: 45, highSeconds: 56, basis: "live" });
  });

  it("measures from the end of the span's first batch, not from launch: the start-up lag does not slow the rate", () => {
    // The first 2 renders in the span ended 8 s ago, then 40 more of 14 units came: 70 units a second. From
    // a launch 12 s ago it would be 588 / 12 = 49 a second, 43 % too slow.
    const eta = estimateEta(
      sample({ busySeconds: 12, completions: 42, completedTextUnits: 588, firstBatch: { completions: 2, textUnits: 28, endedSecondsAgo: 8 }, aheadTextUnits: 700 }),
    );
    expect(eta).toMatchObject({ seconds: 10, basis: "live" });
  });

  it("does not take a rate from the window while the workers are idle (the pause after the last campaign would halve it)", () => {
    const measured = { textUnitsPerSecond: 56, spread: 0.12, stretches: 3, completions: 900 };
    const eta = estimateEta(sample({ busySeconds: null }), { measured });
    expect(eta).toMatchObject({ seconds: 25, basis: "measured" });
    expect(estimateEta(sample({ busySeconds: null }))).toBeNull();
  });

  it("uses the last busy stretches' measured speed before live completions, with their spread as the range", () => {
    const measured = { textUnitsPerSecond: 28, spread: 0.2, stretches: 3, completions: 900 };
    // 1,400 units at 28 a second = 50 s; ±20 % of the rate is 50/1.2 … 50/0.8.
    expect(estimateEta(sample({ completions: MIN_COMPLETIONS - 1 }), { measured, nominal: { audioSecondsPerSecond: 1 } })).toEqual({
      seconds: 50,
      lowSeconds: 41,
      highSeconds: 63,
      basis: "measured",
    });
  });

  it("falls back to the workers' start-up speed, as a first guess with a wide range, before anything was measured", () => {
    const eta = estimateEta(sample({ completions: MIN_COMPLETIONS - 1 }), { measured: null, nominal: { audioSecondsPerSecond: 4 } });
    // 4 audio-seconds a second at 14 characters each = 56 units a second: 25 s, ±50 %.
    expect(eta).toEqual({ seconds: 25, lowSeconds: 16, highSeconds: 50, basis: "start-up" });
  });

  it("prefers the live rate over the measured and start-up speeds once enough segments finished (a busy machine is slower)", () => {
    const live = estimateEta(sample({ completedTextUnits: 184.8 }), { measured: { textUnitsPerSecond: 28, spread: 0.1, stretches: 1, completions: 100 }, nominal: { audioSecondsPerSecond: 4 } });
    // 2.8 units a second live: 500 s.
    expect(live).toMatchObject({ seconds: 500, basis: "live" });
  });

  it("widens the range when few segments finished", () => {
    const few = estimateEta(sample({ completions: MIN_COMPLETIONS + 1 }))!;
    const many = estimateEta(sample())!;
    expect(few.highSeconds / few.lowSeconds).toBeGreaterThan(2);
    expect(many.highSeconds / many.lowSeconds).toBeLessThan(1.3);
    expect(few.seconds).toBe(many.seconds);
  });

  it("is unknown with no rate from anywhere", () => {
    expect(estimateEta(sample({ completions: 0, completedTextUnits: 0 }))).toBeNull();
    expect(estimateEta(sample({ completions: 0, completedTextUnits: 0 }), { nominal: { audioSecondsPerSecond: 0 } })).toBeNull();
  });

  it("keeps two significant figures and never says less than a second", () => {
    const long = estimateEta(sample({ aheadTextUnits: 47_123 }))!;
    for (const s of [long.seconds, long.lowSeconds, long.highSeconds]) expect(String(s).replace(/0+$/, "").length).toBeLessThanOrEqual(2);
    expect(estimateEta(sample({ aheadTextUnits: 1, aheadSegments: 1 }))).toMatchObject({ seconds: 1, lowSeconds: 1, highSeconds: 1 });
  });
});

describe("liveSpanSeconds", () => {
  it("reads the later half of the busy time, at most the window, and the whole window when idle", () => {
    expect(liveSpanSeconds(12, 60)).toBe(6);
    expect(liveSpanSeconds(600, 60)).toBe(60);
    expect(liveSpanSeconds(null, 60)).toBe(60);
  });
});

describe("measureSteadySpeed", () => {
  it("measures a stretch from the end of its first batch to its last completion", () => {
    // 20 completions of 20 units, one every 0.5 s after the first batch: 40 units a second.
    const speed = measureSteadySpeed(stretch(1_000, 20, 0.5))!;
    expect(speed.textUnitsPerSecond).toBeCloseTo(40, 6);
    expect(speed).toMatchObject({ stretches: 1, completions: 20 });
  });

  it("splits stretches at idle pauses, so the time between campaigns does not count", () => {
    // Two campaigns an hour apart, both at 40 units a second: pooled over the hour it would look like 0.2.
    const speed = measureSteadySpeed([...stretch(1_000, 20, 0.5), ...stretch(4_600, 20, 0.5)])!;
    expect(speed.textUnitsPerSecond).toBeCloseTo(40, 6);
    expect(speed.stretches).toBe(2);
    expect(speed.spread).toBe(0.1);
  });

  it("takes its range from the spread between stretches", () => {
    // 40 and 20 units a second over 10 s each: pooled 30; each is a third off it.
    const speed = measureSteadySpeed([...stretch(1_000, 20, 0.5), ...stretch(4_600, 20, 1, 20)])!;
    expect(speed.textUnitsPerSecond).toBeCloseTo((400 + 400) / (10 + 20), 6);
    expect(speed.spread).toBeCloseTo(0.5, 6);
  });

  it("ignores stretches too short to say anything (a single preview) and the stretches before the latest five", () => {
    expect(measureSteadySpeed(stretch(1_000, 3, 0.5))).toBeNull();
    expect(measureSteadySpeed([])).toBeNull();
    const old = stretch(0, 20, 5); // 4 units a second, long ago
    const recent = [1, 2, 3, 4, 5].flatMap((k) => stretch(k * 1_000, 20, 0.5));
    expect(measureSteadySpeed([...old, ...recent])!.textUnitsPerSecond).toBeCloseTo(40, 6);
  });
});

describe("etaMidpointSeconds", () => {
  it("is the point estimate", () => {
    expect(etaMidpointSeconds({ seconds: 40, lowSeconds: 20, highSeconds: 80, basis: "live" })).toBe(40);
  });
});
