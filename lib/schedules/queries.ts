import { and, asc, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { scheduleRuns, schedules, type ScheduleDelivery, type ScheduleRunStatus } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";

const scheduleColumns = {
  id: schedules.id,
  organizationId: schedules.organizationId,
  campaignId: schedules.campaignId,
  name: schedules.name,
  weekdays: schedules.weekdays,
  localTime: schedules.localTime,
  daysAhead: schedules.daysAhead,
  listId: schedules.listId,
  delivery: schedules.delivery,
  isPaused: schedules.isPaused,
  activeFrom: schedules.activeFrom,
  createdAt: schedules.createdAt,
};
export type ScheduleRow = { [K in keyof typeof scheduleColumns]: (typeof schedules.$inferSelect)[K] };

type ScheduleFields = Pick<typeof schedules.$inferInsert, "campaignId" | "name" | "weekdays" | "localTime" | "daysAhead" | "listId" | "delivery">;

export async function insertSchedule(db: DbOrTx, organizationId: string, fields: ScheduleFields): Promise<ScheduleRow> {
  const [row] = await db.insert(schedules).values({ organizationId, ...fields }).returning(scheduleColumns);
  if (!row) throw new Error("inserting a schedule returned no row");
  return row;
}

export async function updateScheduleRow(
  db: DbOrTx,
  organizationId: string,
  id: string,
  fields: Partial<ScheduleFields & { isPaused: boolean; activeFrom: Date }>,
): Promise<ScheduleRow | null> {
  const [row] = await db
    .update(schedules)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(schedules.organizationId, organizationId), eq(schedules.id, id)))
    .returning(scheduleColumns);
  return row ?? null;
}

export async function deleteScheduleRow(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db.delete(schedules).where(and(eq(schedules.organizationId, organizationId), eq(schedules.id, id))).returning({ id: schedules.id });
  return rows.length > 0;
}

export async function getSchedule(db: DbOrTx, organizationId: string, id: string): Promise<ScheduleRow | null> {
  const [row] = await db.select(scheduleColumns).from(schedules).where(and(eq(schedules.organizationId, organizationId), eq(schedules.id, id)));
  return row ?? null;
}

export async function listScheduleRows(db: DbOrTx, organizationId: string): Promise<ScheduleRow[]> {
  return db.select(scheduleColumns).from(schedules).where(eq(schedules.organizationId, organizationId)).orderBy(asc(schedules.createdAt), asc(schedules.id));
}

/** Every organisation's schedules that are not paused: what a tick looks at. */
export async function listActiveScheduleRows(db: DbOrTx): Promise<ScheduleRow[]> {
  return db.select(scheduleColumns).from(schedules).where(eq(schedules.isPaused, false)).orderBy(asc(schedules.organizationId));
}

const runColumns = {
  id: scheduleRuns.id,
  scheduleId: scheduleRuns.scheduleId,
  slotAt: scheduleRuns.slotAt,
  localDate: scheduleRuns.localDate,
  status: scheduleRuns.status,
  campaignId: scheduleRuns.campaignId,
  recipients: scheduleRuns.recipients,
  message: scheduleRuns.message,
  delivery: scheduleRuns.delivery,
  callsStartedAt: scheduleRuns.callsStartedAt,
  callsQueued: scheduleRuns.callsQueued,
  createdAt: scheduleRuns.createdAt,
};
export type ScheduleRunRow = { [K in keyof typeof runColumns]: (typeof scheduleRuns.$inferSelect)[K] };

type RunOutcome = { status: ScheduleRunStatus; campaignId?: string | null; recipients?: number; message?: string | null };

/**
 * Claims a slot: the insert waits on the unique key while another transaction holds the same slot and then
 * finds it taken, so only one transaction ever gets a row back. Null when the slot was already claimed.
 */
export async function claimSlot(
  tx: DbOrTx,
  slot: { scheduleId: string; organizationId: string; slotAt: Date; localDate: string; delivery: ScheduleDelivery },
  outcome: RunOutcome,
): Promise<string | null> {
  const [row] = await tx
    .insert(scheduleRuns)
    .values({ ...slot, ...outcome })
    .onConflictDoNothing({ target: [scheduleRuns.scheduleId, scheduleRuns.slotAt] })
    .returning({ id: scheduleRuns.id });
  return row?.id ?? null;
}

export async function updateRun(tx: DbOrTx, id: string, outcome: RunOutcome): Promise<void> {
  await tx.update(scheduleRuns).set(outcome).where(eq(scheduleRuns.id, id));
}

export async function listRunRows(db: DbOrTx, organizationId: string, scheduleId: string, limit: number): Promise<ScheduleRunRow[]> {
  return db
    .select(runColumns)
    .from(scheduleRuns)
    .where(and(eq(scheduleRuns.organizationId, organizationId), eq(scheduleRuns.scheduleId, scheduleId)))
    .orderBy(desc(scheduleRuns.slotAt))
    .limit(limit);
}

export async function getRunRow(db: DbOrTx, organizationId: string, id: string): Promise<ScheduleRunRow | null> {
  const [row] = await db.select(runColumns).from(scheduleRuns).where(and(eq(scheduleRuns.organizationId, organizationId), eq(scheduleRuns.id, id)));
  return row ?? null;
}

/** Launched phone-delivery runs whose calls have not been started yet (their campaign may still be rendering). */
export async function listRunsAwaitingCalls(db: DbOrTx, limit = 100): Promise<{ id: string; organizationId: string; campaignId: string }[]> {
  const rows = await db
    .select({ id: scheduleRuns.id, organizationId: scheduleRuns.organizationId, campaignId: scheduleRuns.campaignId })
    .from(scheduleRuns)
    .where(and(eq(scheduleRuns.delivery, "calls"), eq(scheduleRuns.status, "launched"), isNull(scheduleRuns.callsStartedAt), isNotNull(scheduleRuns.campaignId)))
    .orderBy(asc(scheduleRuns.slotAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, campaignId: r.campaignId! }));
}

/**
 * Claims the start of a run's calls: the update waits on the row while another transaction holds the same
 * claim and then finds it taken, so only one transaction gets `true`. Commit it with the queued calls.
 */
export async function claimRunCalls(tx: DbOrTx, runId: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(scheduleRuns)
    .set({ callsStartedAt: now })
    .where(and(eq(scheduleRuns.id, runId), isNull(scheduleRuns.callsStartedAt)))
    .returning({ id: scheduleRuns.id });
  return rows.length > 0;
}

export async function setRunCallsOutcome(tx: DbOrTx, runId: string, outcome: { callsQueued: number | null; message?: string }): Promise<void> {
  await tx.update(scheduleRuns).set(outcome).where(eq(scheduleRuns.id, runId));
}
