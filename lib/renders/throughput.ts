/**
 * Time-left estimates from what the workers really did: text units (characters ÷ speed) rendered per
 * wall-second, end to end (model, dispatch, storage), applied to the work queued ahead of (and including) what
 * we wait for. Three sources of that rate, best first:
 *
 * 1. live: completions in the later half of the time the workers have been busy, at most the moving window;
 * 2. measured: the steady speed of the last busy stretches of this engine and model, read back from the
 *    stored completions, so a plan made while nothing renders still knows how fast the last campaigns went;
 * 3. start-up: the workers' own speed measurement, before anything was ever rendered here (a guess).
 *
 * Pure: the numbers come from `getThroughputSample` and `listRecentCompletions` (queries.ts).
 */
import { CHARS_PER_AUDIO_SECOND } from "./plan";

export type ThroughputSample = {
  /** Length of the moving window. */
  windowSeconds: number;
  /** Seconds since the workers became busy (the oldest campaign still rendering was launched); null when idle. */
  busySeconds: number | null;
  /** Segments finished (by any worker, for any campaign) in the later half of the busy time, at most the window (liveSpanSeconds). */
  completions: number;
  completedTextUnits: number;
  /**
   * The first completions of that span (those within FIRST_BATCH_SECONDS of the first): the rate is measured
   * from their end, so the time before them (a launch's start-up lag) does not count. Null when none.
   */
  firstBatch: { completions: number; textUnits: number; endedSecondsAgo: number } | null;
  /** Queued and in-flight work that is leased before (or together with) the work we wait for. */
  aheadTextUnits: number;
  aheadSegments: number;
};

/** Audio-seconds per second all workers together produce, as they measured at start-up; the last fallback. */
export type NominalThroughput = { audioSecondsPerSecond: number };

/** The steady speed of recent busy stretches, from stored completions (measureSteadySpeed). */
export type MeasuredSpeed = {
  textUnitsPerSecond: number;
  /** Relative spread of the stretches' speeds around it (the worst deviation seen), at least MIN_UNCERTAINTY. */
  spread: number;
  stretches: number;
  completions: number;
};

/** Where an estimate's rate came from (the plan says so: a start-up guess is not a measurement). */
export type EtaBasis = "live" | "measured" | "start-up";

/** A point estimate with an honest range around it (from the spread of the rate it used). */
export type EtaRange = { seconds: number; lowSeconds: number; highSeconds: number; basis: EtaBasis };

/** A completion as stored: when (epoch seconds) and how much text it was. */
export type CompletionPoint = { at: number; textUnits: number };

/** Fewer completions than this (after the first batch) and a rate is too noisy to use. */
export const MIN_COMPLETIONS = 4;
/** Completions this close to the first of a busy stretch finished together: the start-up batch. */
export const FIRST_BATCH_SECONDS = 0.1;
/** A pause longer than this between completions ends a busy stretch. */
export const IDLE_GAP_SECONDS = 30;
/** A stretch shorter than this many completions says little about the steady speed (a single preview, a retry). */
const MIN_STRETCH_COMPLETIONS = 8;
/** How many of the latest busy stretches the measured speed pools. */
const MAX_STRETCHES = 5;
/** The start-up measurement is one render on a worker that was loading its other threads: a guess. */
const START_UP_UNCERTAINTY = 0.5;
/** Never claim to be closer than this: throughput drifts with load, voices and sentence lengths. */
const MIN_UNCERTAINTY = 0.1;
const MAX_UNCERTAINTY = 0.5;

/**
 * Seconds until the work ahead is done: a point value (work ÷ rate) and a range from the rate's relative
 * uncertainty (live: 1/√completions; measured: the stretches' spread; start-up: ±50 %), floored at 10 %.
 * Null when nothing is known about the rate.
 */
export function estimateEta(
  sample: ThroughputSample,
  fallbacks: { measured?: MeasuredSpeed | null; nominal?: NominalThroughput | null } = {},
): EtaRange | null {
  if (sample.aheadSegments === 0) return { seconds: 0, lowSeconds: 0, highSeconds: 0, basis: "live" };
  const rate = chooseRate(sample, fallbacks);
  if (!rate) return null;
  const u = clamp(rate.uncertainty, MIN_UNCERTAINTY, MAX_UNCERTAINTY);
  const seconds = sample.aheadTextUnits / rate.unitsPerSecond;
  return {
    seconds: Math.max(1, significant(seconds, Math.round)),
    lowSeconds: Math.max(1, significant(seconds / (1 + u), Math.floor)),
    highSeconds: Math.max(1, significant(seconds / (1 - u), Math.ceil)),
    basis: rate.basis,
  };
}

type Rate = { unitsPerSecond: number; uncertainty: number; basis: EtaBasis };

function chooseRate(sample: ThroughputSample, { measured, nominal }: { measured?: MeasuredSpeed | null; nominal?: NominalThroughput | null }): Rate | null {
  const live = liveRate(sample);
  if (live) return live;
  if (measured && measured.textUnitsPerSecond > 0) return { unitsPerSecond: measured.textUnitsPerSecond, uncertainty: measured.spread, basis: "measured" };
  if (nominal && nominal.audioSecondsPerSecond > 0) {
    return { unitsPerSecond: nominal.audioSecondsPerSecond * CHARS_PER_AUDIO_SECOND, uncertainty: START_UP_UNCERTAINTY, basis: "start-up" };
  }
  return null;
}

/**
 * Text units per second while the workers are busy, over the later half of the time they have been busy (at
 * most the window): the first renders of a run are slower (start-up lag, then caches and connections
 * warming), and the later half is what the rest of the run will look like. Measured from the end of the
 * first batch of completions in that span, counting the completions after it.
 */
function liveRate(sample: ThroughputSample): Rate | null {
  // Idle workers: the window's completions (if any) were followed by a pause, so they understate the rate.
  if (sample.busySeconds === null || !sample.firstBatch) return null;
  const units = sample.completedTextUnits - sample.firstBatch.textUnits;
  const completions = sample.completions - sample.firstBatch.completions;
  const span = sample.firstBatch.endedSecondsAgo;
  if (completions < MIN_COMPLETIONS || span <= 0 || units <= 0) return null;
  return { unitsPerSecond: units / span, uncertainty: 1 / Math.sqrt(completions), basis: "live" };
}

/** The span a live rate is read over: the later half of the busy time, at most the window. */
export function liveSpanSeconds(busySeconds: number | null, windowSeconds: number): number {
  return busySeconds === null ? windowSeconds : Math.min(windowSeconds, busySeconds / 2);
}

/**
 * The steady speed of the latest busy stretches in `points` (completions in time order): each stretch ends at
 * a pause longer than IDLE_GAP_SECONDS; its speed is the text after its first batch over the time from that
 * batch to its last completion. The stretches are pooled (total text ÷ total time); the spread is the
 * largest relative deviation of one stretch from that (1/√completions with a single stretch).
 */
export function measureSteadySpeed(points: readonly CompletionPoint[]): MeasuredSpeed | null {
  const stretches: { units: number; seconds: number; completions: number }[] = [];
  let start = 0;
  for (let i = 1; i <= points.length; i++) {
    if (i < points.length && points[i]!.at - points[i - 1]!.at <= IDLE_GAP_SECONDS) continue;
    const stretch = steadyPart(points.slice(start, i));
    if (stretch) stretches.push(stretch);
    start = i;
  }
  const latest = stretches.slice(-MAX_STRETCHES);
  if (latest.length === 0) return null;
  const units = latest.reduce((sum, s) => sum + s.units, 0);
  const seconds = latest.reduce((sum, s) => sum + s.seconds, 0);
  const completions = latest.reduce((sum, s) => sum + s.completions, 0);
  const textUnitsPerSecond = units / seconds;
  const spread =
    latest.length === 1
      ? 1 / Math.sqrt(completions)
      : Math.max(...latest.map((s) => Math.abs(s.units / s.seconds / textUnitsPerSecond - 1)));
  return { textUnitsPerSecond, spread: clamp(spread, MIN_UNCERTAINTY, MAX_UNCERTAINTY), stretches: latest.length, completions };
}

/** A stretch's completions after its first batch, and the time from that batch to its last completion. */
function steadyPart(stretch: readonly CompletionPoint[]): { units: number; seconds: number; completions: number } | null {
  if (stretch.length === 0) return null;
  const batchEnd = stretch.findIndex((p) => p.at - stretch[0]!.at > FIRST_BATCH_SECONDS);
  if (batchEnd === -1) return null;
  const rest = stretch.slice(batchEnd);
  const seconds = stretch[stretch.length - 1]!.at - stretch[batchEnd - 1]!.at;
  if (rest.length < MIN_STRETCH_COMPLETIONS || seconds <= 0) return null;
  return { units: rest.reduce((sum, p) => sum + p.textUnits, 0), seconds, completions: rest.length };
}

/** The single number for a header, a progress bar or a Retry-After: the point estimate. */
export function etaMidpointSeconds(eta: EtaRange): number {
  return eta.seconds;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** To two significant figures (no false precision: "1h 40m", not "1h 38m 17s"). */
function significant(value: number, round: (n: number) => number): number {
  if (value < 10) return round(value);
  const step = 10 ** (Math.floor(Math.log10(value)) - 1);
  return round(value / step) * step;
}
