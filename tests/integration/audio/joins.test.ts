import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeWav16, JOIN, joinSegments, pauseAfterText } from "@/lib/protocol/audio";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

// Segments rendered by the real worker (tiny model through kokoro-js), joined the way a message is.
const SENTENCES = ["Hi Maria, this is Bright Smile Dental.", "Your appointment is on Tuesday at two thirty PM,", "with Doctor Lee.", "Press one to confirm"];
const RATE = 24_000;
let worker: TestWorker;
let rendered: Float32Array[];

beforeAll(async () => {
  worker = await startTestWorker();
  rendered = [];
  for (const text of SENTENCES) {
    const res = await postToWorker(worker, "/v1/render", { text, voice: "af_heart" });
    expect(res.status).toBe(200);
    rendered.push(decodeWav16(res.bytes).samples);
  }
});
afterAll(async () => {
  await worker?.stop();
});

/** What Kokoro does with real weights: up to a second of near-silence around the speech. */
function withSilence(samples: Float32Array, leadMs: number, trailMs: number): Float32Array {
  const lead = (leadMs * RATE) / 1000;
  const out = new Float32Array(lead + samples.length + (trailMs * RATE) / 1000);
  out.set(samples, lead);
  return out;
}

/** Runs of at least 20 ms in which no sample reaches the speech threshold: the pauses a listener hears. */
function silentRuns(samples: Float32Array): { start: number; ms: number }[] {
  const threshold = 10 ** (JOIN.speechDb / 20);
  const runs: { start: number; ms: number }[] = [];
  let start = -1;
  for (let i = 0; i <= samples.length; i++) {
    const quiet = i < samples.length && Math.abs(samples[i]!) < threshold;
    if (quiet && start < 0) start = i;
    if (!quiet && start >= 0) {
      if (start > 0 && i < samples.length && i - start >= (20 * RATE) / 1000) runs.push({ start, ms: ((i - start) * 1000) / RATE });
      start = -1;
    }
  }
  return runs;
}

describe("joining rendered segments into a message", () => {
  it("leaves each pause within 20 ms of what the punctuation asks for, however much silence a segment brought", () => {
    const pieces = rendered.map((samples, i) => withSilence(samples, [0, 400, 900, 50][i]!, [700, 0, 300, 1_000][i]!));
    const targets = SENTENCES.map((text, i) => (i < SENTENCES.length - 1 ? pauseAfterText(text) : 0));
    const joined = joinSegments(pieces, targets, RATE);
    const runs = silentRuns(joined);
    console.info(`pauses (ms): ${runs.map((r) => r.ms.toFixed(1)).join(", ")} for targets ${targets.slice(0, -1).join(", ")}`);
    // The tiny model's own speech may hold short quiet stretches: take the longest runs, in order.
    const pauses = runs
      .toSorted((a, b) => b.ms - a.ms)
      .slice(0, targets.length - 1)
      .toSorted((a, b) => a.start - b.start);
    expect(pauses).toHaveLength(targets.length - 1);
    pauses.forEach((run, i) => expect(Math.abs(run.ms - targets[i]!), `pause ${i + 1}`).toBeLessThanOrEqual(20));
  });

  it("makes no click where a segment meets silence, even when it was cut mid-waveform", () => {
    // Segments cut mid-waveform: the worst case for a click.
    const cut = rendered.map((samples) => samples.subarray(Math.floor(samples.length * 0.1), Math.floor(samples.length * 0.9)));
    const steps = (samples: Float32Array, from: number, to: number) => {
      let max = 0;
      for (let i = Math.max(1, from); i < Math.min(samples.length, to); i++) max = Math.max(max, Math.abs(samples[i]! - samples[i - 1]!));
      return max;
    };
    const pauses = [300, 150, 300, 0];
    const joined = joinSegments(cut, pauses, RATE);
    // Each join: the few samples either side of where a segment meets the silence put between segments
    // (exact zeros), and the message's first and last samples.
    const edges = [0, joined.length];
    for (let i = 1, run = 0; i < joined.length; i++) {
      run = joined[i] === 0 ? run + 1 : 0;
      if (run === RATE / 1000) edges.push(i - run + 1);
      if (run >= RATE / 1000 && joined[i + 1] !== 0) edges.push(i + 1);
    }
    expect(edges.length).toBeGreaterThanOrEqual(2 + 2 * 3);
    const atJoins = Math.max(...edges.map((at) => steps(joined, at - 2, at + 2)));
    const fade = (JOIN.fadeMs * RATE) / 1000;
    const atEdgesBefore = Math.max(...cut.flatMap((piece) => [Math.abs(piece[0]!), Math.abs(piece.at(-1)!)]));
    console.info(`largest jump where a segment meets silence: ${atJoins.toFixed(4)} (the raw segment edges reach ${atEdgesBefore.toFixed(4)})`);
    expect(atEdgesBefore).toBeGreaterThan(0.01); // the test cuts where there is signal
    expect(atJoins).toBeLessThan(0.002);
    // Inside the fades the waveform is only scaled down, never made steeper than the speech itself.
    const inside = Math.max(...cut.map((piece) => steps(piece, fade, piece.length - fade)));
    const inFades = Math.max(...edges.map((at) => steps(joined, at - fade, at + fade)));
    expect(inFades).toBeLessThanOrEqual(inside);
  });
});
