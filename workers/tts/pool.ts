/**
 * The worker's only concurrency gate. Each model thread runs one render at a time; at most `maxInFlight`
 * renders run, at most `maxQueue` wait, and past that a render is refused with 503 `overloaded` and a
 * Retry-After computed from the backlog and the measured generation speed.
 */
import { ClientClosedError, TtsError } from "./errors";
import type { ModelHost, StreamSink, ThreadRenderRequest, ThreadResult } from "./model-host";

export type PoolResult = ThreadResult & { queueMs: number };

/** `signal` aborts when the client leaves; `onChunk` receives a streaming render's chunks. */
export type SubmitOptions = { signal?: AbortSignal; onChunk?: StreamSink };

type Waiting = {
  request: ThreadRenderRequest;
  options: SubmitOptions;
  enqueuedAt: number;
  resolve: (r: PoolResult) => void;
  reject: (e: Error) => void;
};

export type PoolStats = {
  capacity: number;
  inFlight: number;
  queued: number;
  maxQueue: number;
  meanGenerationMsPerAudioSecond: number | null;
  modelRunsNow: number;
  modelRunsMaxConcurrent: number;
};

/** Before the first render is measured, assume this (Kokoro-82M on one CPU core is in this range). */
const DEFAULT_MS_PER_CHAR = 40;
const EWMA_WEIGHT = 0.2;

export class RenderPool {
  private readonly idle: ModelHost[];
  private readonly queue: Waiting[] = [];
  private readonly running = new Map<ModelHost, number>(); // host → chars of its render
  private msPerChar: number | null = null;
  private msPerAudioSecond: number | null = null;
  private readonly counters: Int32Array;
  private idleWaiters: Array<() => void> = [];
  readonly capacity: number;

  constructor(
    private readonly hosts: ModelHost[],
    private readonly options: { maxInFlight: number; maxQueue: number; counters: SharedArrayBuffer },
  ) {
    this.capacity = Math.min(options.maxInFlight, hosts.length);
    this.idle = hosts.slice(0, this.capacity);
    this.counters = new Int32Array(options.counters);
  }

  /**
   * Runs the render now, queues it, or throws TtsError("overloaded") with retryAfterSeconds. When `signal`
   * aborts (the client left), a queued render is dropped and a running one stops before its next piece;
   * either rejects with ClientClosedError.
   */
  submit(request: ThreadRenderRequest, options: SubmitOptions = {}): Promise<PoolResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new ClientClosedError("queued"));
    const host = this.idle.pop();
    if (host) return this.run(host, request, performance.now(), options);
    if (this.queue.length >= this.options.maxQueue) {
      throw new TtsError(
        "overloaded",
        `the worker is busy (${this.running.size} rendering, ${this.queue.length} queued); retry later`,
        this.retryAfterSeconds(),
      );
    }
    return new Promise<PoolResult>((resolve, reject) => {
      const waiting: Waiting = { request, options, enqueuedAt: performance.now(), resolve, reject };
      this.queue.push(waiting);
      signal?.addEventListener("abort", () => {
        const index = this.queue.indexOf(waiting);
        if (index === -1) return; // already started: run() cancels it
        this.queue.splice(index, 1);
        reject(new ClientClosedError("queued"));
      }, { once: true });
    });
  }

  /** Seconds until the current backlog should have cleared at the measured speed (at least 1). */
  retryAfterSeconds(): number {
    const msPerChar = this.msPerChar ?? DEFAULT_MS_PER_CHAR;
    let backlogChars = 0;
    for (const chars of this.running.values()) backlogChars += chars / 2; // on average half done
    for (const waiting of this.queue) backlogChars += waiting.request.text.length;
    const seconds = (backlogChars * msPerChar) / this.capacity / 1000;
    return Math.min(300, Math.max(1, Math.ceil(seconds)));
  }

  private async run(host: ModelHost, request: ThreadRenderRequest, enqueuedAt: number, { signal, onChunk }: SubmitOptions): Promise<PoolResult> {
    const queueMs = Math.round(performance.now() - enqueuedAt);
    this.running.set(host, request.text.length);
    const cancel = () => host.cancel();
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const result = await host.render(
        { text: request.text, voice: request.voice, speed: request.speed, format: request.format, stream: request.stream },
        onChunk,
      );
      this.measure(request.text.length, result);
      return { ...result, queueMs };
    } finally {
      signal?.removeEventListener("abort", cancel);
      this.running.delete(host);
      this.release(host);
    }
  }

  /** Starts the speed estimates from the model threads' start-up probes (until real renders refine them). */
  seedSpeed(samples: { chars: number; generationMs: number; audioMs: number }[]): void {
    for (const sample of samples) this.measure(sample.chars, sample);
  }

  private measure(chars: number, result: { generationMs: number; audioMs: number }): void {
    const ewma = (prev: number | null, value: number) => (prev === null ? value : prev + EWMA_WEIGHT * (value - prev));
    if (chars > 0) this.msPerChar = ewma(this.msPerChar, result.generationMs / chars);
    if (result.audioMs > 0) this.msPerAudioSecond = ewma(this.msPerAudioSecond, result.generationMs / (result.audioMs / 1000));
  }

  private release(host: ModelHost): void {
    const next = this.queue.shift();
    if (next) {
      this.run(host, next.request, next.enqueuedAt, next.options).then(next.resolve, next.reject);
      return;
    }
    this.idle.push(host);
    if (this.running.size === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  stats(): PoolStats {
    return {
      capacity: this.capacity,
      inFlight: this.running.size,
      queued: this.queue.length,
      maxQueue: this.options.maxQueue,
      meanGenerationMsPerAudioSecond: this.msPerAudioSecond === null ? null : Math.round(this.msPerAudioSecond * 10) / 10,
      modelRunsNow: Atomics.load(this.counters, 0),
      modelRunsMaxConcurrent: Atomics.load(this.counters, 1),
    };
  }

  /** Resolves true once nothing runs or waits, or false when `timeoutMs` passes first. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0 && this.queue.length === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    return drained;
  }

  /** Terminates every model thread (releasing the sessions); renders still waiting are rejected. */
  async close(): Promise<void> {
    for (const waiting of this.queue.splice(0)) {
      waiting.reject(new TtsError("shutting_down", "the worker is shutting down"));
    }
    await Promise.all(this.hosts.map((host) => host.close()));
  }
}
