/** Server-sent events framing: no domain knowledge here, only the wire format and stream lifetime. */
export type SseMessage = { id?: string | number; event?: string; data: unknown; retryMs?: number };

export function encodeSseMessage(message: SseMessage): string {
  let out = "";
  if (message.id !== undefined) out += `id: ${message.id}\n`;
  if (message.event) out += `event: ${message.event}\n`;
  if (message.retryMs !== undefined) out += `retry: ${message.retryMs}\n`;
  const data = typeof message.data === "string" ? message.data : JSON.stringify(message.data);
  for (const line of data.split("\n")) out += `data: ${line}\n`;
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
  signal: AbortSignal;
  heartbeatMs?: number;
  /**
   * Ends the stream on its own after this long, between two messages. Serverless platforms kill a function
   * at their maximum duration; a clean end first lets EventSource reconnect with Last-Event-ID, so the
   * client resumes after the last message it received instead of seeing an error.
   */
  maxDurationMs?: number;
};

/**
 * Turns an async iterable of messages into an SSE byte stream with a heartbeat comment every
 * `heartbeatMs` (proxies drop idle connections). When the client goes away (`signal` aborts or the stream
 * is canceled) or `maxDurationMs` passes, the iterator is returned, so its listeners and timers are released.
 */
export function toSseStream(messages: AsyncIterable<SseMessage>, options: SseStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = messages[Symbol.asyncIterator]();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  // Ends the response at once; the iterator is released as soon as it yields control (it may be waiting).
  const close = (controller?: ReadableStreamDefaultController<Uint8Array>, error?: unknown) => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(deadline);
    if (controller && error !== undefined) controller.error(error);
    else controller?.close();
    void iterator.return?.();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      heartbeat = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(`: heartbeat ${Date.now()}\n\n`));
      }, options.heartbeatMs ?? 15_000);
      options.signal.addEventListener("abort", () => close(controller), { once: true });
      if (options.maxDurationMs !== undefined) deadline = setTimeout(() => close(controller), options.maxDurationMs);
      void (async () => {
        try {
          for (;;) {
            const next = await iterator.next();
            if (next.done || closed) break;
            controller.enqueue(encoder.encode(encodeSseMessage(next.value)));
          }
          close(controller);
        } catch (error) {
          close(controller, error);
        }
      })();
    },
    cancel: () => close(),
  });
}
