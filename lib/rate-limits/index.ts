import type { DbOrTx } from "@/lib/db";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { incrementRateLimit } from "./queries";

export { deleteExpiredRateLimits } from "./queries";

/**
 * Request budgets kept in the database, so every web process (a long-running server, several behind a
 * balancer, or short-lived serverless instances) draws from the same one. PGlite gets the same table, in
 * its single process. Ended windows are deleted by the automation tick (lib/runtime/dispatch.ts).
 */
export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export type RateLimited = AppError<"rate_limited"> & { retryAfterSeconds: number };

/** Spends one request of `rule`'s budget for `clientKey`; past the limit, a rate_limited error saying when to retry. */
export async function takeRateLimit(db: DbOrTx, rule: RateLimitRule, clientKey: string): Promise<Result<true, RateLimited>> {
  const { hits, retryAfterSeconds } = await incrementRateLimit(db, `${rule.name}:${clientKey}`, rule.windowSeconds);
  if (hits <= rule.limit) return ok(true);
  return err({ ...appError("rate_limited", `Too many requests. Try again in ${retryAfterSeconds} s.`), retryAfterSeconds });
}

