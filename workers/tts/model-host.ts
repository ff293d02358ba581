/**
 * Owns one model thread: starts it, waits for the warmed-up model, sends it one render at a time, restarts
 * it if it dies, and terminates it on close. pool.ts decides which host gets which render.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { AudioFormat, Engine, TtsErrorCode } from "../../lib/protocol/tts";
import { ClientClosedError, TtsError } from "./errors";
import type { Logger } from "./log";
import type { FileOnlyFormat } from "./synthesize";

export type ThreadInit = {
  engine: Engine;
  /** Kokoro: the ONNX file (either export) and the directory that may hold its tokenizer.json. */
  modelFile: string;
  modelDir: string;
  intraOpThreads: number;
  espeakBin: string;
  modelVersion: string;
  /** SharedArrayBuffer(8): Int32 [model runs now, most model runs at once]. */
  counters: SharedArrayBuffer;
};

/**
 * What the thread receives: the init plus this host's own control flags, Int32 [id of the render to stop,
 * stream chunks the HTTP side has passed on]. A streaming thread waits on the second before it renders
 * further ahead of the client than STREAM_WINDOW chunks.
 */
export type ThreadData = ThreadInit & { flags: SharedArrayBuffer };

/** `stream`: send each piece as a `chunk` as soon as it is rendered (wav, pcm and mp3 only). */
export type ThreadRenderRequest = { text: string; voice: string; speed: number; format: AudioFormat | FileOnlyFormat; stream?: boolean };

/** Chunks a streaming render may send before the HTTP side has passed them on to the client. */
export const STREAM_WINDOW = 2;

export type ThreadRequest =
  | { type: "render"; id: number; request: ThreadRenderRequest }
  | { type: "close" };

export type ThreadReply =
  | {
      type: "ready";
      sampleRate: number;
      voices: string[];
      modelVersion: string;
      warmupMs: number;
      /** One timed render of a typical sentence after warm-up: the speed estimates start from it. */
      probe: SpeedSample;
    }
  | { type: "fatal"; message: string }
  | {
      type: "result";
      id: number;
      bytes: Uint8Array;
      sampleRate: number;
      audioMs: number;
      generationMs: number;
      chunks: number;
      modelVersion: string;
    }
  /** `code` is set when the render broke a request limit (the client gets that code, not a 500). */
  | { type: "error"; id: number; message: string; code?: TtsErrorCode }
  | { type: "cancelled"; id: number; piecesDropped: number }
  | { type: "chunk"; id: number; bytes: Uint8Array };

export type ThreadReady = Extract<ThreadReply, { type: "ready" }>;
export type SpeedSample = { chars: number; generationMs: number; audioMs: number };
export type ThreadResult = Omit<Extract<ThreadReply, { type: "result" }>, "type" | "id">;

const THREAD_ENTRY = new URL("./model-thread.ts", import.meta.url);

/**
 * The thread runs TypeScript. Under Node 20 a Worker does not get a working tsx loader from the inherited
 * execArgv ("Unknown file extension .ts"), so the thread starts from a one-line bootstrap that imports the
 * entry through tsx's scoped `tsImport`, which registers the loader inside the thread itself.
 */
function createThread(workerData: ThreadData): Worker {
  const entry = THREAD_ENTRY.href;
  if (!entry.endsWith(".ts")) return new Worker(THREAD_ENTRY, { workerData });
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  // Eval workers do not run the process's `--import` preloads either (Node 20); load them here so that
  // instrumentation (and the tests' network trap) covers the model threads too.
  const preloads = preloadsFromExecArgv().map((url) => `await import(${JSON.stringify(url)});`).join(" ");
  // Eval workers define global __dirname/__filename as "."; kokoro-js would then look for its voices relative
  // to the cwd instead of its own directory, so remove them before loading anything.
  const bootstrap =
    `delete globalThis.__dirname; delete globalThis.__filename; (async () => { ${preloads} ` +
    `const tsx = await import(${api}); await tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}); })()` +
    `.catch((error) => { throw error; });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

function preloadsFromExecArgv(): string[] {
  const specs: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const spec = arg === "--import" ? argv[++i] : arg.startsWith("--import=") ? arg.slice("--import=".length) : undefined;
    if (!spec || spec.includes("tsx")) continue;
    specs.push(spec.startsWith(".") || path.isAbsolute(spec) ? pathToFileURL(path.resolve(spec)).href : spec);
  }
  return specs;
}

/** Receives a streaming render's chunks; calls `passedOn` once the chunk is off its hands (back-pressure). */
export type StreamSink = (bytes: Uint8Array, passedOn: () => void) => void;

export class ModelHost {
  private worker: Worker | null = null;
  private pending: {
    id: number;
    resolve: (r: ThreadResult) => void;
    reject: (e: Error) => void;
    onChunk?: StreamSink;
  } | null = null;
  private nextId = 1;
  private closing = false;
  private starting: Promise<ThreadReady> | null = null;
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));

  constructor(
    private readonly init: ThreadInit,
    private readonly log: Logger,
    readonly index: number,
  ) {}

  /** Starts the thread and resolves once its model is loaded and warmed up; rejects with the load error. */
  start(): Promise<ThreadReady> {
    this.starting ??= new Promise<ThreadReady>((resolve, reject) => {
      const worker = createThread({ ...this.init, flags: this.flags.buffer as SharedArrayBuffer });
      this.worker = worker;
      let ready = false;
      worker.on("message", (reply: ThreadReply) => {
        if (reply.type === "ready") {
          ready = true;
          resolve(reply);
        } else if (reply.type === "fatal") {
          reject(new Error(reply.message));
        } else if (reply.type === "chunk") {
          if (this.pending?.id === reply.id) this.pending.onChunk?.(reply.bytes, () => this.passedOn());
        } else if (this.pending && reply.id === this.pending.id) {
          const { resolve: done, reject: fail } = this.pending;
          this.pending = null;
          if (reply.type === "result") done(reply);
          else if (reply.type === "cancelled") fail(new ClientClosedError("running", reply.piecesDropped));
          else if (reply.code) fail(new TtsError(reply.code, reply.message, undefined, "input"));
          else fail(new TtsError("synthesis_failed", `synthesis failed: ${reply.message}`));
        }
      });
      worker.on("error", (error) => {
        if (!ready) reject(error);
        this.log.error("model thread crashed", { thread: this.index, error: error.message });
      });
      worker.on("exit", (code) => {
        this.worker = null;
        this.starting = null;
        if (!ready) reject(new Error(`model thread exited with code ${code} while loading`));
        if (this.pending) {
          this.pending.reject(new TtsError("synthesis_failed", "the model thread stopped during synthesis"));
          this.pending = null;
        }
        if (!this.closing && ready) this.log.error("model thread exited; it restarts on the next render", { thread: this.index, code });
      });
    });
    return this.starting;
  }

  /** Stops the running render before its next piece; it then rejects with ClientClosedError. */
  cancel(): void {
    if (!this.pending) return;
    Atomics.store(this.flags, 0, this.pending.id);
    Atomics.notify(this.flags, 1); // a streaming thread waiting for its client wakes up and stops
  }

  private passedOn(): void {
    Atomics.add(this.flags, 1, 1);
    Atomics.notify(this.flags, 1);
  }

  /** Runs one render; the pool never sends a second one before the first settles. */
  async render(request: ThreadRenderRequest, onChunk?: StreamSink): Promise<ThreadResult> {
    if (!this.worker) await this.start();
    if (this.pending) throw new Error("ModelHost.render called while busy (pool bug)");
    return new Promise<ThreadResult>((resolve, reject) => {
      const id = this.nextId++;
      Atomics.store(this.flags, 1, 0);
      this.pending = { id, resolve, reject, onChunk };
      this.worker!.postMessage({ type: "render", id, request } satisfies ThreadRequest);
    });
  }

  /** Asks the thread to release its session, then terminates it if it has not exited within `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.postMessage({ type: "close" } satisfies ThreadRequest);
    const timer = setTimeout(() => void worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
