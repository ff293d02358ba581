import { perMinuteLimiter, type RateLimiter } from "@/lib/http/rate-limit";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";

/**
 * Public preview pages and their audio need no sign-in, so each client gets a budget: enough to play a
 * 20-message preview and seek around in it (Range requests), far too little to enumerate tokens.
 * One limiter per process (cached on globalThis so dev reloads and Next's separate module graphs share it).
 */
export const PREVIEW_REQUESTS_PER_MINUTE = 240;

type Holder = { __voicePreviewLimiter?: RateLimiter };
const holder = globalThis as Holder;

export function limitPreviewRequest(clientKey: string, limiter: RateLimiter = (holder.__voicePreviewLimiter ??= perMinuteLimiter(PREVIEW_REQUESTS_PER_MINUTE, 60))): Result<true, AppError<"rate_limited"> & { retryAfterSeconds?: number }> {
  const decision = limiter.take(clientKey);
  if (decision.allowed) return ok(true);
  return err({ ...appError("rate_limited", `Too many requests. Try again in ${decision.retryAfterSeconds} s.`), retryAfterSeconds: decision.retryAfterSeconds });
}
