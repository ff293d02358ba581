/**
 * `npm run bench -- peers`: the worker's throughput over HTTP against the best Python peer, on the same ONNX
 * file, the same sentences (one campaign segment each), the same voice and the same cores, in one run:
 *
 * - kokoro-onnx (onnxruntime in a direct loop, no HTTP): one process with intra-op threads = cores, and one
 *   process per core with one thread each, run at once;
 * - the worker: model threads × intra-op threads in each layout that fits the cores, at several client
 *   concurrencies, over keep-alive HTTP.
 *
 * The ratio is the worker's best renders per second ÷ the peer's best. No OpenAI-compatible Kokoro server in
 * the package registry loads a local model file (see docs/benchmarks.md), so none is measured.
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkModelDir } from "../../workers/tts/model-files";
import { ensurePython } from "../../harness/python-env";
import { startTestWorker } from "../../harness/worker-process";
import { streamingBenchText } from "./streaming";
import { measureHttpUncapped, SENTENCES } from "./worker";

const PEER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../harness/speech/peer_kokoro_onnx.py");
const VOICE = "af_heart";
const VOICE_BIN = path.join(path.dirname(fileURLToPath(import.meta.resolve("kokoro-js"))), "..", "voices", `${VOICE}.bin`);

type PeerRun = { renders: number; seconds: number; audio_seconds: number; load_seconds: number };

function runPeer(python: string, job: Record<string, unknown>): Promise<PeerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [PEER_SCRIPT, JSON.stringify(job)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err = (err + c.toString()).slice(-3_000)));
    child.once("close", (code) => (code === 0 ? resolve(JSON.parse(out) as PeerRun) : reject(new Error(`peer exited with ${code}: ${err}`))));
  });
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

export async function benchPeers(modelDir: string, log: (line: string) => void, renders = Number(process.env.BENCH_PEER_RENDERS ?? 16)) {
  const check = await checkModelDir(modelDir, "q8");
  if (!check.ok) throw new Error(`peers need the real weights: ${check.problems.join("; ")}`);
  const cores = os.availableParallelism();
  const python = await ensurePython("peers", log);
  const base = { model: check.layout.modelFile, voice_bin: VOICE_BIN, voice: VOICE, sentences: SENTENCES };

  log(`peers: kokoro-onnx, one process, ${cores} intra-op threads…`);
  const single = await runPeer(python, { ...base, threads: cores, renders });
  log(`peers: kokoro-onnx, ${cores} processes × 1 thread…`);
  const perProcess = Math.ceil(renders / cores);
  const multi = await Promise.all(Array.from({ length: cores }, (_, i) => runPeer(python, { ...base, threads: 1, renders: perProcess, offset: i * perProcess })));
  const peer = {
    oneProcess: { threads: cores, rendersPerSec: round(single.renders / single.seconds), audioSecPerSec: round(single.audio_seconds / single.seconds) },
    processPerCore: {
      processes: cores,
      rendersPerSec: round((perProcess * cores) / Math.max(...multi.map((m) => m.seconds))),
      audioSecPerSec: round(multi.reduce((s, m) => s + m.audio_seconds, 0) / Math.max(...multi.map((m) => m.seconds))),
    },
  };

  const layouts = [
    { threads: cores, intraOpThreads: 1 },
    { threads: 1, intraOpThreads: cores },
  ];
  const ours: { threads: number; intraOpThreads: number; processes?: number; concurrency: number; rendersPerSec: number }[] = [];
  /** Per layout: one render alone (median of 3), and the first audio of a streamed 1,000-character reply. */
  const latency: { threads: number; intraOpThreads: number; oneRenderMs: number; firstAudioMs: number; fullReplyMs: number }[] = [];
  for (const layout of layouts) {
    log(`peers: the worker, ${layout.threads} model threads × ${layout.intraOpThreads} intra-op threads…`);
    const worker = await startTestWorker({ engine: "kokoro", modelDir, ...layout, maxQueue: 64, readyTimeoutMs: 300_000 });
    try {
      const alone: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await measureHttpUncapped(worker.url, worker.authHeaders, 1, 1, { warm: false });
        alone.push(performance.now() - started);
      }
      const started = performance.now();
      const res = await fetch(`${worker.url}/v1/audio/speech`, {
        method: "POST",
        headers: { ...worker.authHeaders, "content-type": "application/json" },
        body: JSON.stringify({ model: "kokoro", voice: VOICE, input: streamingBenchText(), response_format: "pcm", stream_format: "audio" }),
      });
      let firstAudioMs = Number.NaN;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) if (Number.isNaN(firstAudioMs) && chunk.length > 0) firstAudioMs = performance.now() - started;
      latency.push({ ...layout, oneRenderMs: Math.round(alone.sort((a, b) => a - b)[1]!), firstAudioMs: Math.round(firstAudioMs), fullReplyMs: Math.round(performance.now() - started) });
      for (const concurrency of [cores, 4, 8]) {
        ours.push({ ...layout, concurrency, rendersPerSec: round(await measureHttpUncapped(worker.url, worker.authHeaders, renders, concurrency)) });
      }
    } finally {
      await worker.stop();
    }
  }
  // One worker process per core, one model thread each, the requests shared between them as a web app
  // with both in TTS_WORKER_URLS shares them: the peer's best layout, over HTTP.
  log(`peers: ${cores} worker processes × 1 model thread…`);
  const perCore = await Promise.all(Array.from({ length: cores }, () => startTestWorker({ engine: "kokoro", modelDir, threads: 1, intraOpThreads: 1, maxQueue: 64, readyTimeoutMs: 300_000 })));
  try {
    for (const concurrency of [cores, 4, 8]) {
      const share = Math.ceil(concurrency / cores);
      const started = performance.now();
      await Promise.all(perCore.map((w) => measureHttpUncapped(w.url, w.authHeaders, renders / cores, share, { warm: false })));
      ours.push({ threads: 1, intraOpThreads: 1, processes: cores, concurrency, rendersPerSec: round(renders / ((performance.now() - started) / 1000)) });
    }
  } finally {
    await Promise.all(perCore.map((w) => w.stop()));
  }
  const bestPeer = Math.max(peer.oneProcess.rendersPerSec, peer.processPerCore.rendersPerSec);
  const bestOurs = Math.max(...ours.map((o) => o.rendersPerSec));
  return { renders, sentences: SENTENCES.length, modelFile: path.basename(check.layout.modelFile), peer, ours, latency, bestPeer, bestOurs, ratio: round(bestOurs / bestPeer), target: 1.0 };
}
