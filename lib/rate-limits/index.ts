import type { DbOrTx } from "@/lib/db";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { deleteExpiredRateLimits, incrementRateLimit } from "./queries";

/**
 * Request budgets kept in the database, so every web process (a long-running server, several behind a
 * balancer, or short-lived serverless instances) draws from the same one. PGlite gets the same table, in
 * its single process.
 */
export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export type RateLimited = AppError<"rate_limited"> & { retryAfterSeconds: number };

const SWEEP_EVERY_MS = 60_000;
type Holder = { __voiceRateLimitSweptAt?: number };
const holder = globalThis as Holder;

/** Spends one request of `rule`'s budget for `clientKey`; past the limit, a rate_limited error saying when to retry. */
export async function takeRateLimit(db: DbOrTx, rule: RateLimitRule, clientKey: string): Promise<Result<true, RateLimited>> {
  const { hits, retryAfterSeconds } = await incrementRateLimit(db, `${rule.name}:${clientKey}`, rule.windowSeconds);
  sweepExpired(db);
  if (hits <= rule.limit) return ok(true);
  return err({ ...appError("rate_limited", `Too many requests. Try again in ${retryAfterSeconds} s.`), retryAfterSeconds });
}

// Ended windows are deleted about once a minute per process, off the request's path.
function sweepExpired(db: DbOrTx): void {
  const now = Date.now();
  if (now - (holder.__voiceRateLimitSweptAt ?? 0) < SWEEP_EVERY_MS) return;
  holder.__voiceRateLimitSweptAt = now;
  deleteExpiredRateLimits(db).catch((error: unknown) => {
    console.warn(JSON.stringify({ level: "warn", msg: "rate limit sweep failed", error: (error as Error).message }));
  });
}
