/**
 * Time-left estimates from what the workers are doing now: audio-seconds completed per wall-second by all
 * workers over a moving window, applied to the work queued ahead of (and including) what we wait for.
 * Pure: the numbers come from `getThroughputSample` (queries.ts).
 *
 * Queued work is measured in text units (characters ÷ speed) because its audio length is unknown until it is
 * rendered; the window's completions convert units to audio-seconds, so the estimate calibrates itself to
 * the voice and model instead of trusting a fixed characters-per-second guess.
 */
import { CHARS_PER_AUDIO_SECOND } from "./plan";

export type ThroughputSample = {
  /** Length of the moving window. */
  windowSeconds: number;
  /** Segments finished (by any worker, for any campaign) inside the window. */
  completions: number;
  completedAudioSeconds: number;
  completedTextUnits: number;
  /** Seconds since the workers became busy (the oldest campaign still rendering was launched); null when idle. */
  busySeconds: number | null;
  /** Queued and in-flight work that is leased before (or together with) the work we wait for. */
  aheadTextUnits: number;
  aheadSegments: number;
};

/** Audio-seconds per second all workers together produce, as they measured at start-up; the fallback. */
export type NominalThroughput = { audioSecondsPerSecond: number };

export type EtaRange = { lowSeconds: number; highSeconds: number };

/** Fewer completions in the window than this and the live rate is too noisy; fall back to the nominal rate. */
export const MIN_COMPLETIONS = 4;
/** Relative uncertainty of the nominal rate: it is measured once, on an idle worker. */
const NOMINAL_UNCERTAINTY = 0.5;
/** Never claim to be closer than this: throughput drifts with load, voices and sentence lengths. */
const MIN_UNCERTAINTY = 0.1;
const MAX_UNCERTAINTY = 0.6;

/**
 * Seconds until the work ahead is done, as a range: the live rate's relative error is taken as
 * 1/√completions (a count of arrivals), floored at 10 %. Null when nothing is known about the rate.
 */
export function estimateEta(sample: ThroughputSample, nominal: NominalThroughput | null = null): EtaRange | null {
  if (sample.aheadSegments === 0) return { lowSeconds: 0, highSeconds: 0 };
  const span = sample.busySeconds === null ? sample.windowSeconds : Math.min(sample.windowSeconds, sample.busySeconds);
  let rate: number;
  let uncertainty: number;
  let audioPerUnit = 1 / CHARS_PER_AUDIO_SECOND;
  if (sample.completions >= MIN_COMPLETIONS && span > 0 && sample.completedAudioSeconds > 0) {
    rate = sample.completedAudioSeconds / span;
    if (sample.completedTextUnits > 0) audioPerUnit = sample.completedAudioSeconds / sample.completedTextUnits;
    uncertainty = Math.min(MAX_UNCERTAINTY, Math.max(MIN_UNCERTAINTY, 1 / Math.sqrt(sample.completions)));
  } else if (nominal && nominal.audioSecondsPerSecond > 0) {
    rate = nominal.audioSecondsPerSecond;
    uncertainty = NOMINAL_UNCERTAINTY;
  } else {
    return null;
  }
  const seconds = (sample.aheadTextUnits * audioPerUnit) / rate;
  return {
    lowSeconds: roundDown(seconds / (1 + uncertainty)),
    highSeconds: roundUp(seconds / (1 - uncertainty)),
  };
}

/** The single number for a header or a progress bar: the geometric middle of the range. */
export function etaMidpointSeconds(eta: EtaRange): number {
  return Math.round(Math.sqrt(eta.lowSeconds * eta.highSeconds));
}

/** To two significant figures (no false precision: "1h 40m", not "1h 38m 17s"), at least 1 s. */
function roundDown(seconds: number): number {
  return Math.max(1, significant(seconds, Math.floor));
}

function roundUp(seconds: number): number {
  return Math.max(1, significant(seconds, Math.ceil));
}

function significant(value: number, round: (n: number) => number): number {
  if (value < 10) return round(value);
  const step = 10 ** (Math.floor(Math.log10(value)) - 1);
  return round(value / step) * step;
}
