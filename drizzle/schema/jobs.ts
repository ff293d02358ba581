import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

export const jobStatus = pgEnum("job_status", ["pending", "done", "dead"]);

/**
 * Background work of every kind (webhook deliveries, call attempts): one row per unit of work, run at
 * `runAt` by whichever process leases it first. `(queue, key)` is the idempotency key: enqueueing the same
 * work twice keeps one row. A lease that expires (its holder died) makes the row due again; `attempts`
 * counts leases, so work that keeps killing its holder ends in the dead letter instead of looping.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    queue: text().notNull(),
    key: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** pending: waiting or leased; done: finished; dead: gave up (the dead letter, kept with its last error). */
    status: jobStatus().notNull().default("pending"),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    /** Set by each lease; settling a job needs it, so a holder whose lease expired cannot settle the new holder's run. */
    leaseToken: uuid(),
    leasedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("jobs_queue_key_key").on(t.queue, t.key), index("jobs_due_idx").on(t.queue, t.status, t.runAt)],
);
