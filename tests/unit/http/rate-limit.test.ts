import { describe, expect, it } from "vitest";
import { createRateLimiter as createWorkerRateLimiter } from "@/workers/tts/rate-limit";

describe("the worker's token bucket rate limiter", () => {
  it("lets a burst through, refuses the next with a Retry-After, and refills over time", () => {
    let now = 0;
    const limiter = createWorkerRateLimiter(60, { burst: 2, now: () => now });
    expect([limiter.take("a").allowed, limiter.take("a").allowed, limiter.take("a")]).toEqual([true, true, { allowed: false, retryAfterSeconds: 1 }]);
    now += 1_000;
    expect(limiter.take("a").allowed).toBe(true);
  });
});
