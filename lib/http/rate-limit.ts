/**
 * In-memory token bucket per key (client IP, preview token…). One process only: behind several web
 * instances each enforces its own budget, which is enough to blunt scraping and brute force. A shared
 * limit would need the database or a proxy in front.
 */
// Sign-in is limited by better-auth's own limiter (lib/auth); this one guards the public preview routes.

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiterOptions = {
  /** Bucket size: how many requests may arrive at once. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Buckets kept at most; the least recently refilled are dropped first (a full bucket forgets nothing). */
  maxKeys?: number;
  now?: () => number;
};

export type RateLimiter = { take(key: string, cost?: number): RateLimitDecision; size(): number };

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { capacity, refillPerSecond } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on every take makes the first key the least recently used.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, cost = 1) {
      const t = now();
      const previous = buckets.get(key);
      const tokens = previous ? Math.min(capacity, previous.tokens + ((t - previous.at) / 1000) * refillPerSecond) : capacity;
      buckets.delete(key);
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      if (tokens >= cost) {
        buckets.set(key, { tokens: tokens - cost, at: t });
        return { allowed: true };
      }
      buckets.set(key, { tokens, at: t });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / refillPerSecond)) };
    },
    size: () => buckets.size,
  };
}

/** `perMinute` requests a minute with bursts up to `burst` (default: a tenth of a minute's budget, at least 10). */
export function perMinuteLimiter(perMinute: number, burst = Math.max(10, Math.ceil(perMinute / 10))): RateLimiter {
  return createRateLimiter({ capacity: burst, refillPerSecond: perMinute / 60 });
}

/**
 * The client address as the edge saw it: the first X-Forwarded-For hop when a proxy set one, else X-Real-IP.
 * Only meaningful behind a proxy that overwrites these headers; a direct client can forge them, so limits
 * keyed on it are a courtesy, not a security boundary.
 */
export function clientKey(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || headers.get("x-real-ip")?.trim() || "unknown").slice(0, 64);
}
