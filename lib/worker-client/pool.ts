import tls from "node:tls";
import pLimit, { type LimitFunction } from "p-limit";
import { Agent, request, type Dispatcher } from "undici";
import {
  errorBodySchema,
  engineSchema,
  isWorkerBusy,
  openAiErrorBodySchema,
  parseRenderResponseHeaders,
  RENDER_HEADERS,
  readinessSchema,
  type OpenAiSpeechRequest,
  type Readiness,
  type RenderRequest,
  type TtsErrorCode,
} from "@/lib/protocol/tts";
import { err, ok, type Result } from "@/lib/result";

export type RenderedAudio = {
  /** The body: signed 16-bit little-endian mono PCM for format "pcm", else the encoded file. */
  bytes: Buffer;
  sampleRate: number;
  audioMs: number;
  generationMs: number;
  engine: string;
  modelVersion: string;
  workerUrl: string;
};

/** Audio that is still being rendered: the worker sends each sentence as it is done. */
export type SpeechStream = {
  /** The worker's bytes as they arrive; cancelling it aborts the worker request (the worker stops rendering). */
  body: ReadableStream<Uint8Array>;
  contentType: string;
  engine: string;
};

export type RenderFailure = {
  code: TtsErrorCode | "network_error" | "timeout" | "bad_response" | "no_worker";
  message: string;
  retryable: boolean;
  /** From the worker's Retry-After, when it sent one. */
  retryAfterMs?: number;
};

/** The aggregate the web side plans with: one engine and model version across the ready workers. */
export type WorkerPoolStatus = {
  engine: string;
  modelVersion: string;
  modelId: string;
  voices: string[];
  msPerAudioSecond: number | null;
  capacity: number;
  warning: string | null;
  workers: { url: string; ready: boolean; readiness: Readiness | null; error: string | null; inFlight: number }[];
};

export type WorkerPoolOptions = {
  urls: string[];
  token?: string;
  /** PEM certificate(s) trusted for https:// workers in addition to the system's CAs. */
  ca?: string;
  /** false = a new TCP connection per request (only for the keep-alive benchmark). */
  keepAlive?: boolean;
  /** Total time one render may take across retries. */
  renderDeadlineMs?: number;
  probeTimeoutMs?: number;
  /** How long a worker that failed a probe is skipped before it is probed again. */
  reprobeMs?: number;
};

type WorkerState = {
  url: string;
  readiness: Readiness | null;
  error: string | null;
  limit: LimitFunction;
  inFlight: number;
  /** Renders sent to this worker that wait for one of its slots here: counted at once, so renders started together spread out. */
  waiting: number;
  probedAt: number;
  /** Set after a 503: no new requests to this worker before this instant. */
  pausedUntil: number;
};

// The worker's keepAliveTimeout is 75 s: idle sockets here must close first, or a request can land on a
// socket the server is closing and fail with ECONNRESET.
const CLIENT_KEEP_ALIVE_MS = 30_000;

/**
 * Keep-alive HTTP client for one or more TTS workers. Each worker is capped (p-limit) at the capacity its
 * /readyz reports; renders go to the least-loaded ready worker; unready workers are skipped and re-probed.
 * Only retryable failures are retried, with jittered backoff (or the worker's Retry-After) under a deadline.
 */
export class WorkerPool {
  private readonly states: WorkerState[];
  private readonly agent: Dispatcher;
  private readonly options: Required<Omit<WorkerPoolOptions, "token" | "ca">> & { token?: string };

  constructor(options: WorkerPoolOptions) {
    this.options = { keepAlive: true, renderDeadlineMs: 120_000, probeTimeoutMs: 3_000, reprobeMs: 2_000, ...options };
    this.agent = new Agent({
      keepAliveTimeout: CLIENT_KEEP_ALIVE_MS,
      keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_MS,
      connections: 128,
      pipelining: 1,
      ...(options.ca ? { connect: { ca: [...tls.rootCertificates, options.ca] } } : {}),
    });
    this.states = options.urls.map((url) => ({
      url: url.replace(/\/+$/, ""),
      readiness: null,
      error: "not probed yet",
      limit: pLimit(1),
      inFlight: 0,
      waiting: 0,
      probedAt: 0,
      pausedUntil: 0,
    }));
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}`, ...extra } : extra;
  }

  /** Asks every worker (or only stale ones) for /readyz and updates caps. */
  async probe(options: { onlyStale?: boolean } = {}): Promise<void> {
    const now = Date.now();
    await Promise.all(
      this.states
        .filter((w) => !options.onlyStale || (w.readiness === null && now - w.probedAt >= this.options.reprobeMs))
        .map((w) => this.probeOne(w)),
    );
  }

  private async probeOne(worker: WorkerState): Promise<void> {
    worker.probedAt = Date.now();
    try {
      const res = await request(`${worker.url}/readyz`, {
        dispatcher: this.agent,
        headers: this.headers(),
        headersTimeout: this.options.probeTimeoutMs,
        bodyTimeout: this.options.probeTimeoutMs,
        signal: AbortSignal.timeout(this.options.probeTimeoutMs),
      });
      const body = await res.body.json();
      const parsed = readinessSchema.safeParse(body);
      if (res.statusCode === 200 && parsed.success && parsed.data.status === "ready") {
        this.setReadiness(worker, parsed.data);
        return;
      }
      const reason = parsed.success ? `status ${parsed.data.status}` : `HTTP ${res.statusCode}`;
      this.markUnready(worker, `not ready (${reason})`);
    } catch (error) {
      this.markUnready(worker, describeNetworkError(error));
    }
  }

  private setReadiness(worker: WorkerState, readiness: Readiness): void {
    // Capacity renders run at the worker and up to as many more wait in its queue: the next request is
    // already there when a model thread frees up, so network and database time hide behind inference.
    worker.limit.concurrency = inFlightCap(readiness);
    worker.readiness = readiness;
    worker.error = null;
  }

  private markUnready(worker: WorkerState, reason: string): void {
    worker.readiness = null;
    worker.error = reason;
  }

  /** The ready workers that agree with the first one's engine and model version. */
  private usable(): WorkerState[] {
    const ready = this.states.filter((w) => w.readiness);
    const first = ready[0]?.readiness;
    if (!first) return [];
    return ready.filter((w) => w.readiness!.engine === first.engine && w.readiness!.modelVersion === first.modelVersion);
  }

  /** Every configured worker with its last probe result, ready or not (the status page lists them all). */
  workers(): WorkerPoolStatus["workers"] {
    return this.states.map((w) => ({ url: w.url, ready: w.readiness !== null, readiness: w.readiness, error: w.error, inFlight: w.inFlight }));
  }

  info(): WorkerPoolStatus | null {
    const usable = this.usable();
    const first = usable[0]?.readiness;
    if (!first) return null;
    const speeds = usable.map((w) => w.readiness!.meanGenerationMsPerAudioSecond).filter((v): v is number => v !== null);
    const mismatched = this.states.filter((w) => w.readiness && !usable.includes(w));
    const warnings = [first.warning, mismatched.length ? `${mismatched.length} worker(s) run a different model and are not used` : undefined];
    return {
      engine: first.engine,
      modelVersion: first.modelVersion,
      modelId: first.modelId,
      voices: first.voices.filter((v) => usable.every((w) => w.readiness!.voices.includes(v))),
      msPerAudioSecond: speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null,
      capacity: usable.reduce((sum, w) => sum + w.readiness!.capacity, 0),
      warning: warnings.filter(Boolean).join("; ") || null,
      workers: this.workers(),
    };
  }

  /** Renders still accepted right now without queueing at a worker. */
  freeSlots(): number {
    const now = Date.now();
    return this.usable()
      .filter((w) => w.pausedUntil <= now)
      .reduce((sum, w) => sum + Math.max(0, inFlightCap(w.readiness!) - assigned(w)), 0);
  }

  async render(body: RenderRequest, options: { signal?: AbortSignal } = {}): Promise<Result<RenderedAudio, RenderFailure>> {
    return this.withRetries((worker, deadline) => {
      worker.waiting += 1;
      return worker.limit(() => {
        worker.waiting -= 1;
        return this.renderOnce(worker, body, deadline, options.signal);
      });
    }, options.signal);
  }

  /**
   * OpenAI-style streaming speech (`stream_format: "audio"`): resolves when the worker has started to
   * answer, with its body as a stream, so the caller can pass the first sentence on while the rest is
   * rendered. Failures before the first byte are retried like renders. It takes no dispatch slot: the
   * reader paces the stream, and the worker's own queue (503 when full) bounds how many run at once.
   */
  async streamSpeech(body: Omit<OpenAiSpeechRequest, "stream_format">, options: { signal?: AbortSignal } = {}): Promise<Result<SpeechStream, RenderFailure>> {
    return this.withRetries((worker, deadline) => this.streamOnce(worker, body, deadline, options.signal), options.signal);
  }

  private async withRetries<T>(attemptOn: (worker: WorkerState, deadline: number) => Promise<Result<T, RenderFailure>>, signal?: AbortSignal): Promise<Result<T, RenderFailure>> {
    const deadline = Date.now() + this.options.renderDeadlineMs;
    let attempt = 0;
    for (;;) {
      const worker = this.pick();
      const result: Result<T, RenderFailure> = worker
        ? await attemptOn(worker, deadline)
        : err({ code: "no_worker", message: "No TTS worker is ready.", retryable: true, retryAfterMs: 1_000 });
      if (result.ok || !result.error.retryable || signal?.aborted) return result;
      attempt += 1;
      const wait = result.error.retryAfterMs ?? backoffMs(attempt);
      if (Date.now() + wait >= deadline) return result;
      if (!worker || result.error.code === "network_error") await this.probe({ onlyStale: false });
      await sleep(wait, signal);
    }
  }

  private pick(): WorkerState | null {
    const now = Date.now();
    const usable = this.usable().filter((w) => w.pausedUntil <= now);
    let best: WorkerState | null = null;
    for (const w of usable) {
      if (!best || assigned(w) / w.readiness!.capacity < assigned(best) / best.readiness!.capacity) best = w;
    }
    return best;
  }

  private async renderOnce(worker: WorkerState, body: RenderRequest, deadline: number, signal?: AbortSignal): Promise<Result<RenderedAudio, RenderFailure>> {
    worker.inFlight += 1;
    const timeout = Math.max(1_000, deadline - Date.now());
    try {
      const res = await request(`${worker.url}/v1/render`, {
        method: "POST",
        dispatcher: this.agent,
        headers: this.headers({ "content-type": "application/json" }),
        body: JSON.stringify(body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        reset: !this.options.keepAlive,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeout)]) : AbortSignal.timeout(timeout),
      });
      const bytes = Buffer.from(await res.body.arrayBuffer());
      if (res.statusCode === 200) return parseAudio(worker.url, res.headers, bytes);
      return err(this.refused(worker, parseFailure(res.statusCode, res.headers, bytes)));
    } catch (error) {
      return err(this.failedToReach(worker, error));
    } finally {
      worker.inFlight -= 1;
    }
  }

  private async streamOnce(worker: WorkerState, body: Omit<OpenAiSpeechRequest, "stream_format">, deadline: number, signal?: AbortSignal): Promise<Result<SpeechStream, RenderFailure>> {
    worker.inFlight += 1;
    let settled = false;
    const settle = () => {
      if (!settled) worker.inFlight -= 1;
      settled = true;
    };
    const cancel = new AbortController();
    const timeout = Math.max(1_000, deadline - Date.now());
    try {
      const res = await request(`${worker.url}/v1/audio/speech`, {
        method: "POST",
        dispatcher: this.agent,
        headers: this.headers({ "content-type": "application/json" }),
        body: JSON.stringify({ ...body, stream_format: "audio" } satisfies OpenAiSpeechRequest),
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: AbortSignal.any([cancel.signal, AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]),
      });
      if (res.statusCode !== 200) {
        const failure = parseFailure(res.statusCode, res.headers, Buffer.from(await res.body.arrayBuffer()));
        settle();
        return err(this.refused(worker, failure));
      }
      const engine = engineSchema.safeParse(headerGetter(res.headers).get(RENDER_HEADERS.engine));
      const contentType = headerGetter(res.headers).get("content-type");
      if (!engine.success || !contentType?.startsWith("audio/")) {
        cancel.abort();
        settle();
        return err({ code: "bad_response", message: "The worker sent a speech stream without its engine or audio type.", retryable: true });
      }
      const chunks = res.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const stream = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              const next = await chunks.next();
              if (next.done) {
                settle();
                controller.close();
              } else controller.enqueue(new Uint8Array(next.value));
            } catch (error) {
              settle();
              controller.error(error);
            }
          },
          cancel() {
            cancel.abort();
            settle();
          },
        },
        // Pull only what the reader asks for, so a slow listener slows the worker instead of filling memory.
        { highWaterMark: 0 },
      );
      return ok({ body: stream, contentType, engine: engine.data });
    } catch (error) {
      settle();
      return err(this.failedToReach(worker, error));
    }
  }

  /** A worker's refusal; a busy or stopping worker gets no new requests until its Retry-After. */
  private refused(worker: WorkerState, failure: RenderFailure): RenderFailure {
    if (isWorkerBusy(failure.code)) {
      worker.pausedUntil = Date.now() + (failure.retryAfterMs ?? 1_000);
      if (failure.code !== "overloaded" && failure.code !== "rate_limited") this.markUnready(worker, failure.message);
    }
    return failure;
  }

  private failedToReach(worker: WorkerState, error: unknown): RenderFailure {
    const timedOut = (error as Error).name === "TimeoutError" || /timeout/i.test((error as Error).message);
    if (!timedOut) this.markUnready(worker, describeNetworkError(error));
    return { code: timedOut ? "timeout" : "network_error", message: describeNetworkError(error), retryable: true };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** What a worker has been given: renders at it and renders queued here for it. */
function assigned(worker: WorkerState): number {
  return worker.inFlight + worker.waiting;
}

function inFlightCap(readiness: Readiness): number {
  return readiness.capacity + Math.min(readiness.capacity, readiness.maxQueue);
}

type Headers = Record<string, string | string[] | undefined>;

function headerGetter(headers: Headers) {
  return {
    get(name: string): string | null {
      const v = headers[name.toLowerCase()];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    },
  };
}

function parseAudio(workerUrl: string, headers: Headers, bytes: Buffer): Result<RenderedAudio, RenderFailure> {
  try {
    const meta = parseRenderResponseHeaders(headerGetter(headers));
    if (bytes.length === 0 || bytes.length % 2 !== 0) throw new Error(`PCM body of ${bytes.length} bytes`);
    return ok({ bytes, sampleRate: meta.sampleRate, audioMs: meta.audioMs, generationMs: meta.generationMs, engine: meta.engine, modelVersion: meta.modelVersion, workerUrl });
  } catch (error) {
    return err({ code: "bad_response", message: `The worker sent an invalid audio response: ${(error as Error).message}`, retryable: true });
  }
}

function parseFailure(status: number, headers: Headers, bytes: Buffer): RenderFailure {
  const retryAfter = Number(headerGetter(headers).get("retry-after"));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : undefined;
  try {
    const json: unknown = JSON.parse(bytes.toString("utf8"));
    // The OpenAI-compatible routes answer OpenAI's envelope, which has no `retryable`: busy codes and 5xx are.
    const openAi = openAiErrorBodySchema.safeParse(json);
    if (openAi.success) return { code: openAi.data.error.code, message: openAi.data.error.message, retryable: isWorkerBusy(openAi.data.error.code) || status >= 500, retryAfterMs };
    const body = errorBodySchema.parse(json);
    return { code: body.code, message: body.message, retryable: body.retryable, retryAfterMs };
  } catch {
    return { code: "bad_response", message: `The worker answered HTTP ${status} without a valid error body.`, retryable: status >= 500, retryAfterMs };
  }
}

function describeNetworkError(error: unknown): string {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  return code ? `${code}: ${e.cause?.message ?? e.message}` : e.message;
}

/** Exponential backoff with full jitter, capped at 10 s. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(10_000, 250 * 2 ** attempt));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
