import { describe, expect, it } from "vitest";
import { TtsError } from "@/workers/tts/errors";
import type { ModelHost, ThreadResult } from "@/workers/tts/model-host";
import { RenderPool } from "@/workers/tts/pool";

function fakeHost(ms: number): ModelHost {
  return {
    render: async () => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { bytes: new Uint8Array(4), sampleRate: 24_000, audioMs: 1_000, generationMs: ms, chunks: 1, modelVersion: "v" } satisfies ThreadResult;
    },
    close: async () => {},
  } as unknown as ModelHost;
}

const request = (text = "x".repeat(100)) => ({ text, voice: "af_heart", speed: 1, format: "wav" as const });

describe("RenderPool", () => {
  it("runs up to its capacity at once and queues the rest in order", async () => {
    const pool = new RenderPool([fakeHost(30), fakeHost(30)], { maxInFlight: 2, maxQueue: 10, counters: new SharedArrayBuffer(8) });
    const runs = Array.from({ length: 5 }, () => pool.submit(request()));
    expect(pool.stats()).toMatchObject({ capacity: 2, inFlight: 2, queued: 3 });
    const results = await Promise.all(runs);
    expect(results[4]!.queueMs).toBeGreaterThanOrEqual(50);
    expect(pool.stats()).toMatchObject({ inFlight: 0, queued: 0, meanGenerationMsPerAudioSecond: 30 });
  });

  it("refuses past the queue with overloaded and a Retry-After from the backlog and measured speed", async () => {
    const pool = new RenderPool([fakeHost(100)], { maxInFlight: 1, maxQueue: 1, counters: new SharedArrayBuffer(8) });
    await pool.submit(request("x".repeat(10))); // measures 10 ms per char
    const running = pool.submit(request("x".repeat(100)));
    const queued = pool.submit(request("x".repeat(400)));
    let error: unknown;
    try {
      await pool.submit(request());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TtsError);
    expect((error as TtsError).code).toBe("overloaded");
    // backlog ≈ 100/2 + 400 chars × 10 ms/char = 4.5 s → 5 s
    expect((error as TtsError).retryAfterSeconds).toBe(5);
    await Promise.all([running, queued]);
  });

  it("drains: resolves once every running and queued render is done", async () => {
    const pool = new RenderPool([fakeHost(40)], { maxInFlight: 1, maxQueue: 5, counters: new SharedArrayBuffer(8) });
    const runs = [pool.submit(request()), pool.submit(request())];
    expect(await pool.drain(1_000)).toBe(true);
    expect(pool.stats().inFlight).toBe(0);
    await Promise.all(runs);
    const slow = pool.submit(request());
    expect(await pool.drain(5)).toBe(false);
    await slow;
  });
});
