/**
 * Per-client token bucket for the worker (workers/ may not import lib/http, so this is its own small copy
 * of lib/http/rate-limit.ts). Keyed on the socket's remote address: the worker sits on a private network
 * and is not behind a proxy that would hide clients behind one address.
 */
export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export function createRateLimiter(perMinute: number, options: { burst?: number; maxKeys?: number; now?: () => number } = {}) {
  const capacity = options.burst ?? Math.max(10, Math.ceil(perMinute / 10));
  const refillPerSecond = perMinute / 60;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key: string): RateLimitDecision {
      const t = now();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(capacity, previous.tokens + ((t - previous.at) / 1000) * refillPerSecond) : capacity;
      buckets.delete(key);
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      const allowed = tokens >= 1;
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: t });
      return allowed ? { allowed } : { allowed, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerSecond)) };
    },
  };
}
