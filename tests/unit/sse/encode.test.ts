import { describe, expect, it } from "vitest";
import { encodeSseMessage, toSseStream, type SseMessage } from "@/lib/sse";

describe("server-sent events", () => {
  it("frames id, event, retry and multi-line data", () => {
    expect(encodeSseMessage({ id: 7, event: "progress", data: "a\nb", retryMs: 2000 })).toBe("id: 7\nevent: progress\nretry: 2000\ndata: a\ndata: b\n\n");
    expect(encodeSseMessage({ data: { n: 1 } })).toBe('data: {"n":1}\n\n');
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
});
