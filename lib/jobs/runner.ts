import { randomUUID } from "node:crypto";
import type { Db, DbOrTx } from "@/lib/db";
import { claimDueJobs, settleJobRow, type JobRow, type JobSettlement } from "./queries";

export type Job<P = Record<string, unknown>> = Omit<JobRow, "payload"> & { payload: P };

/**
 * What a handler decided: finished, try again (at `runAt`, or after the backoff), give up now, or not yet
 * (`defer`: the work was not tried, it is not its time; the lease does not count as an attempt).
 */
export type JobOutcome = { kind: "done" } | { kind: "retry"; error: string; runAt?: Date } | { kind: "dead"; error: string } | { kind: "defer"; runAt: Date; reason: string };

export type RetryPolicy = {
  /** Leases a job may take in all; the next failure after the last one puts it in the dead letter. */
  maxAttempts: number;
  /** Delay before attempt n + 1 after attempt n failed: baseDelayMs × 2^(n−1), at most maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Turns a handler's outcome into the row's next state under the policy. */
export function settlementFor(job: Pick<JobRow, "attempts">, outcome: JobOutcome, policy: RetryPolicy, now: Date): JobSettlement {
  if (outcome.kind === "done") return { status: "done" };
  if (outcome.kind === "defer") return { status: "pending", runAt: outcome.runAt, error: outcome.reason, giveBackAttempt: true };
  if (outcome.kind === "dead" || job.attempts >= policy.maxAttempts) return { status: "dead", error: outcome.error };
  return { status: "pending", error: outcome.error, runAt: outcome.runAt ?? new Date(now.getTime() + backoffDelayMs(job.attempts, policy)) };
}

export type ClaimOptions = { db: DbOrTx; queue: string; now: Date; leaseMs: number; limit: number };

/** Leases due jobs of a queue for `leaseMs` (one statement; safe with several processes claiming at once). */
export async function claimJobs<P = Record<string, unknown>>(options: ClaimOptions): Promise<Job<P>[]> {
  const until = new Date(options.now.getTime() + options.leaseMs);
  return (await claimDueJobs(options.db, options.queue, options.now, until, options.limit, randomUUID())) as Job<P>[];
}

/** Settles a job this process leased; false when its lease was lost meanwhile (another process owns it now). */
export async function settleJob(db: DbOrTx, job: Pick<JobRow, "id" | "leaseToken">, settlement: JobSettlement, now = new Date()): Promise<boolean> {
  return settleJobRow(db, job.id, job.leaseToken, settlement, now);
}

export type RunSummary = { done: number; retrying: number; dead: number; lost: number };

export type RunOptions<P> = {
  db: Db;
  queue: string;
  policy: RetryPolicy;
  leaseMs: number;
  limit: number;
  now?: () => Date;
  /** Runs one job. A throw counts as a retryable failure with the error's message. */
  handler: (job: Job<P>) => Promise<JobOutcome>;
  /** How many jobs run at once (default: all claimed). */
  concurrency?: number;
};

/** Claims the queue's due jobs and runs them, each settled under the policy. */
export async function runDueJobs<P = Record<string, unknown>>(options: RunOptions<P>): Promise<RunSummary> {
  const now = options.now ?? (() => new Date());
  const claimed = await claimJobs<P>({ db: options.db, queue: options.queue, now: now(), leaseMs: options.leaseMs, limit: options.limit });
  const summary: RunSummary = { done: 0, retrying: 0, dead: 0, lost: 0 };
  const run = async (job: Job<P>) => {
    let outcome: JobOutcome;
    try {
      outcome = await options.handler(job);
    } catch (error) {
      outcome = { kind: "retry", error: error instanceof Error ? error.message : String(error) };
    }
    const settlement = settlementFor(job, outcome, options.policy, now());
    const settled = await settleJob(options.db, job, settlement, now());
    if (!settled) summary.lost++;
    else summary[settlement.status === "pending" ? "retrying" : settlement.status]++;
  };
  const width = Math.max(1, options.concurrency ?? claimed.length);
  for (let i = 0; i < claimed.length; i += width) await Promise.all(claimed.slice(i, i + width).map(run));
  return summary;
}
