import { describe, expect, it } from "vitest";
import { encodeSseMessage, toSseStream, type SseMessage } from "@/lib/sse";

describe("server-sent events", () => {
  it("frames id, event, retry and multi-line data", () => {
    expect(encodeSseMessage({ id: 7, event: "progress", data: "a\nb", retryMs: 2000 })).toBe("id: 7\nevent: progress\nretry: 2000\ndata: a\ndata: b\n\n");
    expect(encodeSseMessage({ data: { n: 1 } })).toBe('data: {"n":1}\n\n');
    // No data line: the browser only takes the reconnection delay, no event is dispatched.
    expect(encodeSseMessage({ retryMs: 2000 })).toBe("retry: 2000\n\n");
  });

  it("ends the stream and aborts the source's signal when keepOpen answers no or throws", async () => {
    for (const keepOpen of [async () => false, async () => Promise.reject(new Error("database gone"))]) {
      let sourceSignal: AbortSignal | undefined;
      async function* source(signal: AbortSignal): AsyncGenerator<SseMessage> {
        sourceSignal = signal;
        yield { id: 1, data: "first" };
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      }
      const reader = toSseStream(source, { signal: new AbortController().signal, heartbeatMs: 10, keepOpen }).getReader();
      const decoder = new TextDecoder();
      let text = "";
      for (let next = await reader.read(); !next.done; next = await reader.read()) text += decoder.decode(next.value);
      expect(text).toBe("id: 1\ndata: first\n\n");
      expect(sourceSignal?.aborted).toBe(true);
    }
  });

  it("sends heartbeats while idle and releases the source when the client aborts", async () => {
    let released = false;
    let unblock: () => void = () => {};
    async function* source(): AsyncGenerator<SseMessage> {
      try {
        yield { id: 1, data: "first" };
        await new Promise<void>((resolve) => (unblock = resolve));
      } finally {
        released = true;
      }
    }
    const abort = new AbortController();
    const reader = toSseStream(() => source(), { signal: abort.signal, heartbeatMs: 20 }).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(": heartbeat")) text += decoder.decode((await reader.read()).value);
    expect(text.startsWith("id: 1\ndata: first\n\n")).toBe(true);
    abort.abort();
    unblock();
    await expect.poll(() => released).toBe(true);
  });

  it("ends the stream on its own after maxDurationMs, after whole messages only, and releases a waiting source", async () => {
    let released = false;
    let wake: () => void = () => {};
    async function* source(): AsyncGenerator<SseMessage> {
      try {
        yield { id: 1, event: "progress", data: { done: 1 } };
        yield { id: 2, event: "progress", data: { done: 2 } };
        // Waits like the campaign stream between notifications: only the deadline can end this response.
        await new Promise<void>((resolve) => (wake = resolve));
        yield { id: 3, event: "progress", data: { done: 3 } };
      } finally {
        released = true;
      }
    }
    const stream = toSseStream(() => source(), { signal: new AbortController().signal, heartbeatMs: 60_000, maxDurationMs: 50 });
    const text = await new Response(stream).text();
    expect(text).toBe('id: 1\nevent: progress\ndata: {"done":1}\n\nid: 2\nevent: progress\ndata: {"done":2}\n\n');
    // The response ended while the source waited; when it wakes, it is returned instead of asked for more.
    wake();
    await expect.poll(() => released).toBe(true);
  });
});
