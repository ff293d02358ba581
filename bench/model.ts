/**
 * Which model the benchmarks run: the real Kokoro weights when TTS_MODEL_DIR holds them, otherwise a
 * calibrated stand-in: the generated Kokoro-interface ONNX model with extra compute per output sample, tuned
 * here until it runs at a target real-time factor (default 0.5, Kokoro-82M q8 on a small CPU), so that
 * orchestration overhead is measured against a realistic model cost.
 */
import os from "node:os";
import { DEFAULT_MODEL_DIR } from "../workers/tts/env";
import { checkModelDir, kokoroModelVersion } from "../workers/tts/model-files";
import { loadKokoro, type KokoroOptions } from "../workers/tts/engines/kokoro";
import { prepareTinyModelDir } from "../harness/worker-process";

export type BenchModel = {
  kind: "real" | "stand-in";
  dir: string;
  /** Same output as `dir`, as fast as possible: for scenarios that only need audio lengths or requests. */
  fastDir: string;
  description: string;
  realTimeFactor: number;
};

const PROBE_TEXT = "Your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.";

/** The Kokoro engine on whichever export `dir` holds, in this process. */
export async function loadKokoroDir(dir: string, intraOpThreads: number, modelVersion = "bench", sessionOptions?: KokoroOptions["sessionOptions"]) {
  const check = await checkModelDir(dir, "q8");
  if (!check.ok) throw new Error(`${dir} holds no usable Kokoro export: ${check.problems.join("; ")}`);
  return loadKokoro({ modelFile: check.layout.modelFile, modelDir: dir, intraOpThreads, modelVersion, sessionOptions });
}

/** Seconds of compute per second of audio on the probe sentence, measured in this process. */
export async function measureRealTimeFactor(dir: string, intraOpThreads = 1, runs = 3): Promise<number> {
  const { compute, audio } = await measureTexts(dir, Array<string>(runs).fill(PROBE_TEXT), 1, intraOpThreads);
  return compute / audio;
}

/** Sentences shaped like the reference campaign's segments: a calibration that matches their cost. */
const CAMPAIGN_TEXTS = [
  "Hi Maria, this is Bright Smile Dental.",
  "Your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.",
  "Please bring your insurance card.",
  "If you need to change it, please call us at five one two, five five five, zero one four two.",
];

/** Seconds of compute and of audio for one pass over `texts` (after a warm-up render); the faster of `runs` passes. */
async function measureTexts(dir: string, texts: readonly string[], runs = 2, intraOpThreads = 1): Promise<{ compute: number; audio: number }> {
  const engine = await loadKokoroDir(dir, intraOpThreads, "calibration");
  try {
    await engine.synthesizeChunk(texts[0]!, "af_heart", 1); // warm-up
    let best = { compute: Infinity, audio: 0 };
    for (let run = 0; run < runs; run++) {
      let compute = 0;
      let audio = 0;
      for (const text of texts) {
        const started = performance.now();
        const samples = await engine.synthesizeChunk(text, "af_heart", 1);
        compute += (performance.now() - started) / 1000;
        audio += samples.length / engine.sampleRate;
      }
      if (compute < best.compute) best = { compute, audio };
    }
    return best;
  } finally {
    await engine.dispose?.();
  }
}

/**
 * A stand-in that costs what the real model costs on campaign-shaped sentences, calibrated from it in this
 * run: first as much audio per token (samplesPerToken), then as much compute per sentence (extra FLOPs per
 * sample, linear in cost: two probes, a fit and one correction). Matching seconds per sentence, not per audio
 * second of one long probe, is what makes a campaign's wall time match: short sentences carry the real
 * model's fixed cost per run.
 */
export async function calibrateStandInTo(realDir: string): Promise<BenchModel & { target: { compute: number; audio: number } }> {
  const target = await measureTexts(realDir, CAMPAIGN_TEXTS);
  const plain = await measureTexts(await prepareTinyModelDir(), CAMPAIGN_TEXTS);
  const samplesPerToken = Math.round(1200 * (target.audio / plain.audio));
  const base = await measureTexts(await prepareTinyModelDir({ samplesPerToken }), CAMPAIGN_TEXTS);
  const probeFlops = 200_000;
  const probe = await measureTexts(await prepareTinyModelDir({ samplesPerToken, extraFlopsPerSample: probeFlops }), CAMPAIGN_TEXTS);
  let flops = Math.max(0, Math.round((probeFlops * (target.compute - base.compute)) / Math.max(1e-6, probe.compute - base.compute)));
  let dir = await prepareTinyModelDir({ samplesPerToken, extraFlopsPerSample: flops });
  let got = await measureTexts(dir, CAMPAIGN_TEXTS);
  if (Math.abs(got.compute - target.compute) / target.compute > 0.05) {
    flops = Math.max(0, Math.round(flops * ((target.compute - base.compute) / Math.max(1e-6, got.compute - base.compute))));
    dir = await prepareTinyModelDir({ samplesPerToken, extraFlopsPerSample: flops });
    got = await measureTexts(dir, CAMPAIGN_TEXTS);
  }
  return {
    kind: "stand-in",
    dir,
    fastDir: await prepareTinyModelDir(),
    description:
      `stand-in calibrated from the real model in this run on campaign sentences: ${got.compute.toFixed(2)} s vs ${target.compute.toFixed(2)} s of compute, ` +
      `${got.audio.toFixed(1)} s vs ${target.audio.toFixed(1)} s of audio (${samplesPerToken} samples per token, ${flops} extra FLOPs per sample)`,
    realTimeFactor: got.compute / got.audio,
    target,
  };
}

/** The real weights' directory (TTS_MODEL_DIR, else where `npm run model:download` puts them), or null. */
export async function realModelDir(): Promise<string | null> {
  const dir = process.env.TTS_MODEL_DIR || DEFAULT_MODEL_DIR;
  return (await checkModelDir(dir, "q8")).ok ? dir : null;
}

/**
 * The real weights when installed (unless `standInOnly`), else the stand-in tuned to `targetRtf`; pass the
 * real model's measured RTF to get a stand-in calibrated from it.
 */
export async function chooseBenchModel(targetRtf = Number(process.env.BENCH_RTF ?? 0.5), { standInOnly = false } = {}): Promise<BenchModel> {
  const realDir = standInOnly ? null : await realModelDir();
  const fastDir = await prepareTinyModelDir();
  const realCheck = realDir ? await checkModelDir(realDir, "q8") : null;
  if (realDir && realCheck?.ok) {
    const rtf = await measureRealTimeFactor(realDir);
    return {
      kind: "real",
      dir: realDir,
      fastDir: realDir,
      description: `Kokoro-82M (${realCheck.layout.kind}) from ${realDir} (version ${await kokoroModelVersion(realCheck.layout)}), measured RTF ${rtf.toFixed(2)}`,
      realTimeFactor: rtf,
    };
  }
  // Cost is linear in extraFlopsPerSample: measure the fast model's base cost and one slow point, then solve.
  const base = await measureRealTimeFactor(fastDir);
  const probeFlops = 200_000;
  const probe = await measureRealTimeFactor(await prepareTinyModelDir({ extraFlopsPerSample: probeFlops }));
  let flops = Math.max(0, Math.round((probeFlops * (targetRtf - base)) / Math.max(1e-6, probe - base)));
  let dir = await prepareTinyModelDir({ extraFlopsPerSample: flops });
  let rtf = await measureRealTimeFactor(dir);
  // One correction step: the linear fit is only as good as the two probes (another process can disturb them).
  if (Math.abs(rtf - targetRtf) / targetRtf > 0.15) {
    flops = Math.max(0, Math.round(flops * ((targetRtf - base) / Math.max(1e-6, rtf - base))));
    dir = await prepareTinyModelDir({ extraFlopsPerSample: flops });
    rtf = await measureRealTimeFactor(dir);
  }
  return {
    kind: "stand-in",
    dir,
    fastDir,
    description: `calibrated stand-in (generated Kokoro-interface ONNX model, ${flops} extra FLOPs per sample), measured RTF ${rtf.toFixed(2)} per thread (target ${targetRtf}) on ${os.availableParallelism()} cores; ${standInOnly ? "calibrated in this run" : "the real Kokoro weights were not available (npm run model:download, or set TTS_MODEL_DIR)"}`,
    realTimeFactor: rtf,
  };
}
