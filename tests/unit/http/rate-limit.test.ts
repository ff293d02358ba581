import { describe, expect, it } from "vitest";
import { clientKey, createRateLimiter, perMinuteLimiter } from "@/lib/http/rate-limit";
import { createRateLimiter as createWorkerRateLimiter } from "@/workers/tts/rate-limit";

describe("token bucket rate limiter", () => {
  it("lets a burst through, refuses the next with a Retry-After, and refills over time", () => {
    let now = 0;
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 0.5, now: () => now });
    expect([1, 2, 3].map(() => limiter.take("a").allowed)).toEqual([true, true, true]);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take("b").allowed).toBe(true); // keys are independent
    now += 2_000;
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take("a").allowed)).toEqual([true, true, true, false]); // never above capacity
  });

  it("forgets the least recently used keys past maxKeys, so memory stays bounded under many clients", () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1, maxKeys: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i++) limiter.take(`ip-${i}`);
    expect(limiter.size()).toBe(100);
  });

  it("sizes a per-minute limiter's burst at a tenth of the minute, at least 10", () => {
    const limiter = perMinuteLimiter(60);
    const allowed = Array.from({ length: 20 }, () => limiter.take("x").allowed).filter(Boolean).length;
    expect(allowed).toBe(10);
  });

  it("keys clients on the first X-Forwarded-For hop, then X-Real-IP, and bounds the key length", () => {
    const headers = (h: Record<string, string>) => new Headers(h);
    expect(clientKey(headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientKey(headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientKey(headers({}))).toBe("unknown");
    expect(clientKey(headers({ "x-forwarded-for": "a".repeat(10_000) }))).toHaveLength(64);
  });

  it("behaves the same in the worker's copy", () => {
    let now = 0;
    const limiter = createWorkerRateLimiter(60, { burst: 2, now: () => now });
    expect([limiter.take("a").allowed, limiter.take("a").allowed, limiter.take("a")]).toEqual([true, true, { allowed: false, retryAfterSeconds: 1 }]);
    now += 1_000;
    expect(limiter.take("a").allowed).toBe(true);
  });
});
