/** Server-sent events framing: no domain knowledge here, only the wire format and stream lifetime. */
export type SseMessage = { id?: string | number; event?: string; data?: unknown; retryMs?: number };

/**
 * The bytes of messages that many streams send alike (one progress event to every viewer of a campaign):
 * encoded once, whatever the number of streams.
 */
const encodedOnce = new WeakMap<SseMessage, Uint8Array>();
const encoder = new TextEncoder();

function encodeShared(message: SseMessage): Uint8Array {
  let bytes = encodedOnce.get(message);
  if (!bytes) {
    bytes = encoder.encode(encodeSseMessage(message));
    encodedOnce.set(message, bytes);
  }
  return bytes;
}

/** Frames one message. Without `data` it dispatches nothing in the browser (e.g. a bare `retry:` hint). */
export function encodeSseMessage(message: SseMessage): string {
  let out = "";
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  if (message.event) out += `event: ${message.event}\n`;
  if (message.retryMs !== undefined) out += `retry: ${message.retryMs}\n`;
  if (message.data !== undefined) {
    const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data);
    for (const line of data.split("\n")) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  // Tells nginx-style proxies not to buffer the stream.
  "x-accel-buffering": "no",
} as const;

export type SseStreamOptions = {
  /** The request's signal: aborts when the client goes away. */
  signal: AbortSignal;
  /** A comment line this often keeps proxies from dropping an idle connection. */
  heartbeatMs?: number;
  /** Asked before every heartbeat; false (or a throw) ends the stream, e.g. when the session was revoked. */
  keepOpen?: () => Promise<boolean>;
  /**
   * Messages held for a client that is not reading. Past this the client is sent `retry: retryMs` and the
   * stream ends, so one stalled client costs a bounded amount of memory; it reconnects with Last-Event-ID.
   */
  maxQueuedMessages?: number;
  retryMs?: number;
  /**
   * Ends the stream on its own after this long, between two messages. Serverless platforms kill a function
   * at their maximum duration; a clean end first lets EventSource reconnect with Last-Event-ID, so the
   * client resumes after the last message it received instead of seeing an error.
   */
  maxDurationMs?: number;
};

export const SSE_MAX_QUEUED_MESSAGES = 256;
export const SSE_RETRY_MS = 2_000;

/**
 * Turns a source of messages into an SSE byte stream. `open` gets a signal that aborts when the stream ends
 * for any reason (client gone, canceled, `keepOpen` said no, client too far behind), so the source can
 * release its listeners at once instead of at its next message.
 */
export function toSseStream(open: (signal: AbortSignal) => AsyncIterable<SseMessage>, options: SseStreamOptions): ReadableStream<Uint8Array> {
  const maxQueued = options.maxQueuedMessages ?? SSE_MAX_QUEUED_MESSAGES;
  const stop = new AbortController();
  const iterator = open(stop.signal)[Symbol.asyncIterator]();
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const close = async (last?: SseMessage) => {
    if (closed) return;
    closed = true;
    clearTimeout(heartbeat);
    clearTimeout(deadline);
    stop.abort();
    try {
      if (last) controller.enqueue(encodeShared(last));
      controller.close();
    } catch {
      // the client canceled: nothing to close
    }
    await iterator.return?.();
  };
  /** Enqueues unless the client is too far behind, in which case it gets the retry hint and the stream ends. */
  const send = (chunk: Uint8Array) => {
    if ((controller.desiredSize ?? 0) <= 0) return void close({ retryMs: options.retryMs ?? SSE_RETRY_MS });
    controller.enqueue(chunk);
  };
  const beat = async () => {
    const keep = options.keepOpen ? await options.keepOpen().catch(() => false) : true;
    if (closed) return;
    if (!keep) return void close();
    send(encoder.encode(`: heartbeat ${Date.now()}\n\n`));
    if (!closed) heartbeat = setTimeout(() => void beat(), options.heartbeatMs ?? 15_000);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        heartbeat = setTimeout(() => void beat(), options.heartbeatMs ?? 15_000);
        if (options.signal.aborted) return void close();
        options.signal.addEventListener("abort", () => void close(), { once: true });
        if (options.maxDurationMs !== undefined) deadline = setTimeout(() => void close(), options.maxDurationMs);
        void (async () => {
          try {
            for (;;) {
              const next = await iterator.next();
              if (next.done || closed) break;
              send(encodeShared(next.value));
            }
            await close();
          } catch (error) {
            if (closed) return;
            closed = true;
            clearTimeout(heartbeat);
            clearTimeout(deadline);
            stop.abort();
            controller.error(error);
          }
        })();
      },
      cancel: () => close(),
    },
    // The queue counts messages; `desiredSize` falls to 0 once `maxQueued` of them wait for the client.
    new CountQueuingStrategy({ highWaterMark: maxQueued }),
  );
}
