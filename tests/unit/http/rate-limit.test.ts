import { describe, expect, it } from "vitest";
import { clientKey } from "@/lib/http/rate-limit";
import { createRateLimiter as createWorkerRateLimiter } from "@/workers/tts/rate-limit";

describe("rate limit keys", () => {
  it("keys clients on the first X-Forwarded-For hop, then X-Real-IP, and bounds the key length", () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(clientKey(headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientKey(headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientKey(headers({}))).toBe("unknown");
    expect(clientKey(headers({ "x-forwarded-for": "a".repeat(10_000) }))).toHaveLength(64);
  });
});

describe("the worker's token bucket rate limiter", () => {
  it("lets a burst through, refuses the next with a Retry-After, and refills over time", () => {
    let now = 0;
    const limiter = createWorkerRateLimiter(60, { burst: 2, now: () => now });
    expect([limiter.take("a").allowed, limiter.take("a").allowed, limiter.take("a")]).toEqual([true, true, { allowed: false, retryAfterSeconds: 1 }]);
    now += 1_000;
    expect(limiter.take("a").allowed).toBe(true);
  });
});
