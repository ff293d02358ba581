import { and, eq, sql } from "drizzle-orm";
import { jobs } from "@/drizzle/schema";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";

export type JobRow = {
  id: string;
  queue: string;
  key: string;
  payload: Record<string, unknown>;
  attempts: number;
  runAt: Date;
  leaseToken: string;
  leasedUntil: Date;
};

export type NewJob = { queue: string; key: string; payload?: Record<string, unknown>; runAt?: Date };

/** Inserts the jobs whose (queue, key) is new; an existing one is left as it is. The keys inserted. */
export async function insertJobs(db: DbOrTx, rows: NewJob[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(jobs)
    .values(rows.map((r) => ({ queue: r.queue, key: r.key, payload: r.payload ?? {}, runAt: r.runAt ?? new Date() })))
    .onConflictDoNothing({ target: [jobs.queue, jobs.key] })
    .returning({ key: jobs.key });
  return inserted.map((r) => r.key);
}

/**
 * Takes up to `limit` due jobs of a queue in one statement: pending, due, and not leased (or leased by a
 * holder whose lease ran out). `for update skip locked` lets several processes claim at once without
 * waiting on each other's rows; PGlite has one connection, where it is simply a lock.
 */
export async function claimDueJobs(db: DbOrTx, queue: string, now: Date, leasedUntil: Date, limit: number, token: string): Promise<JobRow[]> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with due as (
      select id from jobs
      where queue = ${queue} and status = 'pending' and run_at <= ${at}::timestamptz
        and (leased_until is null or leased_until <= ${at}::timestamptz)
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    update jobs j set leased_until = ${leasedUntil.toISOString()}::timestamptz, lease_token = ${token}::uuid,
      attempts = j.attempts + 1, updated_at = ${at}::timestamptz
    from due where j.id = due.id
    returning j.id, j.queue, j.key, j.payload, j.attempts, j.run_at as "runAt", j.lease_token as "leaseToken", j.leased_until as "leasedUntil"`);
  return rowsOf<JobRow & { runAt: Date | string; leasedUntil: Date | string }>(result)
    .map((r) => ({ ...r, runAt: new Date(r.runAt), leasedUntil: new Date(r.leasedUntil) }))
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** `giveBackAttempt`: the run did not try the work (it was not its time), so the lease does not count as an attempt. */
export type JobSettlement = { status: "done" } | { status: "pending"; runAt: Date; error: string; giveBackAttempt?: boolean } | { status: "dead"; error: string };

/** Settles a leased job, only while this lease still holds it. False when it was lost (expired and taken). */
export async function settleJobRow(db: DbOrTx, id: string, token: string, settlement: JobSettlement, now: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: settlement.status,
      leaseToken: null,
      leasedUntil: null,
      updatedAt: now,
      ...(settlement.status === "pending" ? { runAt: settlement.runAt, lastError: settlement.error } : {}),
      ...(settlement.status === "pending" && settlement.giveBackAttempt ? { attempts: sql`greatest(${jobs.attempts} - 1, 0)` } : {}),
      ...(settlement.status === "dead" ? { lastError: settlement.error } : {}),
    })
    .where(and(eq(jobs.id, id), eq(jobs.leaseToken, token), eq(jobs.status, "pending")))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Pushes back this lease's deadline; false when the lease was lost. */
export async function extendJobLease(db: DbOrTx, id: string, token: string, leasedUntil: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ leasedUntil })
    .where(and(eq(jobs.id, id), eq(jobs.leaseToken, token), eq(jobs.status, "pending")))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Makes a job due at `runAt` again whatever became of it (done, dead, or waiting), keeping its attempts;
 * creates it when there is none. A job leased right now keeps its lease (it is running).
 */
export async function requeueJobRow(db: DbOrTx, job: NewJob & { runAt: Date }): Promise<void> {
  await db
    .insert(jobs)
    .values({ queue: job.queue, key: job.key, payload: job.payload ?? {}, runAt: job.runAt })
    .onConflictDoUpdate({
      target: [jobs.queue, jobs.key],
      set: { status: "pending", runAt: job.runAt, lastError: null, updatedAt: job.runAt },
    });
}

export async function getJobRow(db: DbOrTx, queue: string, key: string) {
  const [row] = await db
    .select({ id: jobs.id, status: jobs.status, attempts: jobs.attempts, runAt: jobs.runAt, leasedUntil: jobs.leasedUntil, lastError: jobs.lastError, payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.queue, queue), eq(jobs.key, key)));
  return row ?? null;
}

/** Ends every waiting job of a queue whose key is among `keys` (their work is no longer wanted). */
export async function cancelJobRows(db: DbOrTx, queue: string, keys: string[], reason: string): Promise<void> {
  if (keys.length === 0) return;
  await db.execute(sql`
    update jobs set status = 'dead', last_error = ${reason}, lease_token = null, leased_until = null, updated_at = now()
    where queue = ${queue} and status = 'pending' and key in ${textListParam(keys)}`);
}
