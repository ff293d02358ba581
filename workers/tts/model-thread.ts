/**
 * worker_threads entry: one model session per thread. onnxruntime's `run()` and the phonemizer block the
 * thread they run on, so they live here and the HTTP thread stays free for /healthz and /metrics.
 * Loaded by model-host.ts; under tsx the Worker inherits `--import tsx` through execArgv.
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { ThreadInit, ThreadReply, ThreadRequest } from "./model-host";
import { loadBuiltin } from "./engines/builtin";
import { loadEspeak } from "./engines/espeak";
import { loadKokoro } from "./engines/kokoro";
import type { SpeechEngine } from "./engines/types";
import { synthesize } from "./synthesize";

const MODEL_THREAD_NICE = 10;

// Inference yields the CPU to the HTTP thread: on Linux the nice value is per thread, and setpriority(0) from
// here changes only this thread (and the onnxruntime threads it creates next), so /healthz and /metrics keep
// answering in milliseconds even when the model threads use every core. Unprivileged: only lowers priority.
try {
  os.setPriority(0, MODEL_THREAD_NICE);
} catch {
  // not permitted on this platform: inference then competes with the HTTP thread as an equal
}

const init = workerData as ThreadInit;
const port = parentPort!;
const send = (reply: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

// [0] model runs in progress across all threads, [1] the most ever seen at once (shared with the pool).
const counters = new Int32Array(init.counters);
async function countModelRun<T>(run: () => Promise<T>): Promise<T> {
  const now = Atomics.add(counters, 0, 1) + 1;
  for (let max = Atomics.load(counters, 1); now > max; max = Atomics.load(counters, 1)) {
    if (Atomics.compareExchange(counters, 1, max, now) === max) break;
  }
  try {
    return await run();
  } finally {
    Atomics.sub(counters, 0, 1);
  }
}

const SPEED_PROBE_TEXT = "Your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.";

let engine: SpeechEngine;
try {
  engine =
    init.engine === "kokoro"
      ? await loadKokoro({
          modelDir: init.modelDir,
          dtype: init.dtype,
          intraOpThreads: init.intraOpThreads,
          modelVersion: init.modelVersion,
        })
      : init.engine === "builtin"
        ? await loadBuiltin()
        : await loadEspeak({ bin: init.espeakBin });
  // Warm-up: the first run allocates onnxruntime's buffers and loads the phonemizer's WASM.
  const started = performance.now();
  await synthesize(engine, { text: "Ready.", voice: engine.voices[0] ?? "af_heart", speed: 1, format: "wav" });
  const warmupMs = Math.round(performance.now() - started);
  // A timed render of a typical campaign sentence, so /readyz reports a measured speed (and the web side
  // can estimate render time before launch) from the start instead of after the first real render.
  const probeStarted = performance.now();
  const probe = await synthesize(engine, { text: SPEED_PROBE_TEXT, voice: engine.voices[0] ?? "af_heart", speed: 1, format: "pcm" });
  send({
    type: "ready",
    sampleRate: engine.sampleRate,
    voices: engine.voices,
    modelVersion: engine.modelVersion,
    warmupMs,
    probe: { chars: SPEED_PROBE_TEXT.length, generationMs: performance.now() - probeStarted, audioMs: probe.audioMs },
  });
} catch (error) {
  send({ type: "fatal", message: (error as Error).message ?? String(error) });
  process.exit(1);
}

port.on("message", async (message: ThreadRequest) => {
  if (message.type === "close") {
    await engine.dispose().catch(() => undefined);
    port.close();
    return;
  }
  const started = performance.now();
  try {
    const out = await synthesize(engine, message.request, countModelRun);
    const bytes = new Uint8Array(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
    // Buffers from Buffer.concat may share a pool slab: copy to a standalone buffer before transferring.
    const copy = bytes.slice();
    send(
      {
        type: "result",
        id: message.id,
        bytes: copy,
        sampleRate: out.sampleRate,
        audioMs: out.audioMs,
        generationMs: Math.round(performance.now() - started),
        chunks: out.chunks,
        modelVersion: out.modelVersion,
      },
      [copy.buffer],
    );
  } catch (error) {
    send({ type: "error", id: message.id, message: (error as Error).message ?? String(error) });
  }
});
