/**
 * worker_threads entry: one model session per thread. onnxruntime's `run()` and the phonemizer block the
 * thread they run on, so they live here and the HTTP thread stays free for /healthz and /metrics.
 * Loaded by model-host.ts; under tsx the Worker inherits `--import tsx` through execArgv.
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { STREAM_WINDOW, type ThreadData, type ThreadReply, type ThreadRequest } from "./model-host";
import { loadBuiltin } from "./engines/builtin";
import { loadEspeak } from "./engines/espeak";
import { loadKokoro } from "./engines/kokoro";
import type { SpeechEngine } from "./engines/types";
import { ClientClosedError, TtsError } from "./errors";
import { isStreamFormat } from "../../lib/protocol/audio-stream";
import { synthesize, synthesizeStream, type SynthesisOutput } from "./synthesize";

/** How much lower than the HTTP thread the model threads run, in nice steps. */
const MODEL_THREAD_NICE_STEPS = 10;

// Inference yields the CPU to the HTTP thread: on Linux the nice value is per thread, and setpriority(0) from
// here changes only this thread (and the onnxruntime threads it creates next), so /healthz and /metrics keep
// answering in milliseconds even when the model threads use every core. Relative to the process's own nice
// value, so a worker an operator started with `nice -n -5` keeps its priority over other programs.
// Unprivileged: only lowers priority.
try {
  os.setPriority(0, Math.min(19, os.getPriority(0) + MODEL_THREAD_NICE_STEPS));
} catch {
  // not permitted on this platform: inference then competes with the HTTP thread as an equal
}

const init = workerData as ThreadData;
const port = parentPort!;
const send = (reply: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

// [0] model runs in progress across all threads, [1] the most ever seen at once (shared with the pool).
const counters = new Int32Array(init.counters);
// [0] id of the render to stop, [1] stream chunks the HTTP side has passed on (see model-host.ts).
const flags = new Int32Array(init.flags);
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
          modelFile: init.modelFile,
          modelDir: init.modelDir,
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
  // The host writes a render's id here to cancel it (its client left); checked before every piece.
  const isCancelled = () => Atomics.load(flags, 0) === message.id;
  const options = { onModelRun: countModelRun, isCancelled };
  try {
    const { request } = message;
    let out: SynthesisOutput;
    if (request.stream && isStreamFormat(request.format)) {
      // The audio leaves chunk by chunk as it is rendered, so the result itself carries no bytes.
      const streamed = await synthesizeStream(engine, { ...request, format: request.format }, options, streamTo(message.id, isCancelled));
      out = { ...streamed, bytes: Buffer.alloc(0) };
    } else {
      out = await synthesize(engine, request, options);
    }
    const copy = standalone(out.bytes);
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
    if (error instanceof ClientClosedError) send({ type: "cancelled", id: message.id, piecesDropped: error.piecesDropped });
    else if (error instanceof TtsError) send({ type: "error", id: message.id, message: error.message, code: error.code });
    else send({ type: "error", id: message.id, message: (error as Error).message ?? String(error) });
  }
});

// Buffers from Buffer.concat may share a pool slab: copy to a standalone buffer before transferring.
const standalone = (bytes: Buffer) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();

/** Longest a streaming render waits for a client that reads nothing before it gives up on that client. */
const STREAM_STALL_MS = 30_000;

/**
 * Sends each encoded chunk to the HTTP side, then, before the next piece is rendered, waits until at most
 * STREAM_WINDOW chunks are still on their way to the client: a slow reader slows the render down, and a
 * client that stops reading (or leaves) stops it.
 */
function streamTo(id: number, isCancelled: () => boolean): (bytes: Buffer) => void {
  let sent = 0;
  return (bytes) => {
    const copy = standalone(bytes);
    send({ type: "chunk", id, bytes: copy }, [copy.buffer]);
    sent += 1;
    const deadline = performance.now() + STREAM_STALL_MS;
    for (let passed = Atomics.load(flags, 1); sent - passed > STREAM_WINDOW; passed = Atomics.load(flags, 1)) {
      if (isCancelled()) return;
      if (performance.now() > deadline) throw new ClientClosedError("running");
      Atomics.wait(flags, 1, passed, 1_000);
    }
  };
}
