import type { DbOrTx } from "@/lib/db";
import { cancelJobRows, extendJobLease, getJobRow, insertJobs, requeueJobRow, type NewJob } from "./queries";

export { backoffDelayMs, claimJobs, runDueJobs, settleJob, settlementFor, type ClaimOptions, type Job, type JobOutcome, type RetryPolicy, type RunOptions, type RunSummary } from "./runner";
export type { JobSettlement, NewJob } from "./queries";

/**
 * Adds work; a job whose (queue, key) exists already is not added again (the key is the idempotency key).
 * Call it in the transaction of the change that needs the work, so both commit or neither. The keys added.
 */
export function enqueueJobs(db: DbOrTx, jobs: NewJob[]): Promise<string[]> {
  return insertJobs(db, jobs);
}

/** Makes the job with this key due at `runAt` again (created if missing), whatever became of it. */
export function requeueJob(db: DbOrTx, job: NewJob & { runAt: Date }): Promise<void> {
  return requeueJobRow(db, job);
}

export function extendLease(db: DbOrTx, job: { id: string; leaseToken: string }, until: Date): Promise<boolean> {
  return extendJobLease(db, job.id, job.leaseToken, until);
}

export function getJob(db: DbOrTx, queue: string, key: string) {
  return getJobRow(db, queue, key);
}

/** Puts waiting jobs in the dead letter with a reason (their work is no longer wanted). */
export function cancelJobs(db: DbOrTx, queue: string, keys: string[], reason: string): Promise<void> {
  return cancelJobRows(db, queue, keys, reason);
}
