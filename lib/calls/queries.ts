import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { callAnswerMessages, callAttempts, callCallbacks, callDeliveries, carrierSettings, type CallOutcome } from "@/drizzle/schema";
import { rowsOf, type DbOrTx } from "@/lib/db";

export type CarrierSettingsRow = typeof carrierSettings.$inferSelect;

export async function getCarrierSettingsRow(db: DbOrTx, organizationId: string): Promise<CarrierSettingsRow | null> {
  const [row] = await db.select().from(carrierSettings).where(eq(carrierSettings.organizationId, organizationId));
  return row ?? null;
}

export async function upsertCarrierSettingsRow(db: DbOrTx, row: Omit<CarrierSettingsRow, "nextCallAt" | "updatedAt">): Promise<void> {
  const { organizationId: _organizationId, ...rest } = row;
  await db
    .insert(carrierSettings)
    .values(row)
    .onConflictDoUpdate({ target: carrierSettings.organizationId, set: { ...rest, updatedAt: new Date() } });
}

/**
 * Takes the next start slot of the organisation's carrier rate (a token bucket of one token every
 * `intervalMs`, kept in the row so every process shares it) in one statement, on the database's clock so
 * processes whose clocks differ still space their calls. How long to wait for the slot, in ms (0: now).
 */
export async function reserveCallSlot(db: DbOrTx, organizationId: string, intervalMs: number): Promise<number> {
  const result = await db.execute(sql`
    update carrier_settings set next_call_at = greatest(next_call_at, clock_timestamp()) + make_interval(secs => ${intervalMs / 1000})
    where organization_id = ${organizationId}
    returning greatest(0, extract(epoch from (next_call_at - make_interval(secs => ${intervalMs / 1000}) - clock_timestamp())) * 1000)::float8 as wait`);
  return Number(rowsOf<{ wait: number | string }>(result)[0]?.wait ?? 0);
}

/**
 * Moves the organisation's next slot to at least `intervalMs` after now, the moment a call is actually
 * sent: a call sent late (its timer fired late, the process was busy) then pushes the next one back
 * instead of letting it follow closely.
 */
export async function markCallSlotUsed(db: DbOrTx, organizationId: string, intervalMs: number): Promise<void> {
  await db.execute(sql`
    update carrier_settings set next_call_at = greatest(next_call_at, clock_timestamp() + make_interval(secs => ${intervalMs / 1000}))
    where organization_id = ${organizationId}`);
}

export type DeliveryRow = typeof callDeliveries.$inferSelect;
export type AttemptRow = typeof callAttempts.$inferSelect;

/** Adds deliveries for recipients not being called yet, each with its first attempt. The new attempts' ids. */
export async function insertDeliveries(
  db: DbOrTx,
  rows: (Omit<DeliveryRow, "id" | "outcome" | "outcomeDetail" | "createdAt" | "finishedAt" | "answerKeys" | "stopReason"> & { answerKeys?: DeliveryRow["answerKeys"] })[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(callDeliveries).values(rows).onConflictDoNothing({ target: callDeliveries.recipientId }).returning({ id: callDeliveries.id });
  if (inserted.length === 0) return [];
  const attempts = await db
    .insert(callAttempts)
    .values(inserted.map((d) => ({ deliveryId: d.id, attemptNo: 1 })))
    .returning({ id: callAttempts.id });
  return attempts.map((a) => a.id);
}

export async function insertAttempt(db: DbOrTx, deliveryId: string, attemptNo: number): Promise<string | null> {
  const [row] = await db.insert(callAttempts).values({ deliveryId, attemptNo }).onConflictDoNothing().returning({ id: callAttempts.id });
  return row?.id ?? null;
}

export type AttemptWithDelivery = { attempt: AttemptRow; delivery: DeliveryRow };

export async function getAttemptWithDelivery(db: DbOrTx, attemptId: string): Promise<AttemptWithDelivery | null> {
  const [row] = await db
    .select({ attempt: callAttempts, delivery: callDeliveries })
    .from(callAttempts)
    .innerJoin(callDeliveries, eq(callDeliveries.id, callAttempts.deliveryId))
    .where(eq(callAttempts.id, attemptId));
  return row ?? null;
}

export async function getAttemptBySid(db: DbOrTx, sid: string): Promise<AttemptWithDelivery | null> {
  const [row] = await db
    .select({ attempt: callAttempts, delivery: callDeliveries })
    .from(callAttempts)
    .innerJoin(callDeliveries, eq(callDeliveries.id, callAttempts.deliveryId))
    .where(eq(callAttempts.carrierSid, sid));
  return row ?? null;
}

export async function updateAttempt(db: DbOrTx, id: string, values: Partial<Omit<AttemptRow, "id" | "deliveryId" | "attemptNo">>): Promise<void> {
  await db.update(callAttempts).set(values).where(eq(callAttempts.id, id));
}

/** Sets the delivery's outcome unless one that a key press decided is there already (a later status does not erase an answer). */
export async function setDeliveryOutcome(db: DbOrTx, id: string, outcome: CallOutcome, detail: string | null, at: Date, options: { overwrite?: boolean } = {}): Promise<boolean> {
  const rows = await db
    .update(callDeliveries)
    .set({ outcome, outcomeDetail: detail, finishedAt: at })
    .where(options.overwrite ? eq(callDeliveries.id, id) : and(eq(callDeliveries.id, id), sql`${callDeliveries.outcome} is null`))
    .returning({ id: callDeliveries.id });
  return rows.length > 0;
}

/** Records a callback as handled; false when it was handled before (a replay). */
export async function claimCallback(db: DbOrTx, carrierSid: string, eventKey: string): Promise<boolean> {
  const rows = await db.insert(callCallbacks).values({ carrierSid, eventKey }).onConflictDoNothing().returning({ sid: callCallbacks.carrierSid });
  return rows.length > 0;
}

/**
 * When each other delivery to this number (any contact, any campaign of the organisation) first reached
 * the carrier, over the last `sinceMs`: the frequency cap counts calls to a number, not retries of one call.
 */
export async function listCallTimesToPhone(db: DbOrTx, organizationId: string, phone: string, exceptDeliveryId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: sql<Date | string>`min(${callAttempts.creatingAt})` })
    .from(callAttempts)
    .innerJoin(callDeliveries, eq(callDeliveries.id, callAttempts.deliveryId))
    .where(
      and(
        eq(callDeliveries.organizationId, organizationId),
        eq(callDeliveries.phone, phone),
        sql`${callDeliveries.id} <> ${exceptDeliveryId}`,
        isNotNull(callAttempts.creatingAt),
        gt(callAttempts.creatingAt, since),
      ),
    )
    .groupBy(callDeliveries.id);
  return rows.map((r) => new Date(r.at));
}

export async function listCampaignDeliveries(db: DbOrTx, organizationId: string, campaignId: string): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(callDeliveries)
    .where(and(eq(callDeliveries.organizationId, organizationId), eq(callDeliveries.campaignId, campaignId)))
    .orderBy(asc(callDeliveries.createdAt), asc(callDeliveries.id));
}

export async function listAttemptsOfDeliveries(db: DbOrTx, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.select().from(callAttempts).where(inArray(callAttempts.deliveryId, deliveryIds)).orderBy(asc(callAttempts.attemptNo));
}

/** Attempts not started yet of a delivery (the number opted out: they will not be placed). */
export async function skipQueuedAttempts(db: DbOrTx, deliveryId: string, reason: string): Promise<string[]> {
  const rows = await db
    .update(callAttempts)
    .set({ state: "skipped", error: reason })
    .where(and(eq(callAttempts.deliveryId, deliveryId), eq(callAttempts.state, "queued")))
    .returning({ id: callAttempts.id });
  return rows.map((r) => r.id);
}

export async function getDeliveryOfOrganization(db: DbOrTx, organizationId: string, id: string): Promise<DeliveryRow | null> {
  const [row] = await db
    .select()
    .from(callDeliveries)
    .where(and(eq(callDeliveries.organizationId, organizationId), eq(callDeliveries.id, id)));
  return row ?? null;
}

/**
 * The carrier answered the create with this sid: the attempt is placed, unless its callbacks got there
 * first (they may adopt the sid and even end the call before the create's answer is saved).
 */
export async function markAttemptPlaced(db: DbOrTx, id: string, sid: string, at: Date): Promise<void> {
  await db.execute(sql`
    update call_attempts set carrier_sid = coalesce(carrier_sid, ${sid}), placed_at = coalesce(placed_at, ${at.toISOString()}::timestamptz),
      state = case when state = 'creating' then 'placed' else state end
    where id = ${id}`);
}

/** Holds the number until the transaction ends: decisions about calling it (the cap) are taken one at a time. */
export async function lockPhone(tx: DbOrTx, organizationId: string, phone: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${organizationId}:${phone}`}, 0))`);
}

export async function insertAnswerMessages(db: DbOrTx, organizationId: string, messageKeys: string[]): Promise<void> {
  if (messageKeys.length === 0) return;
  await db
    .insert(callAnswerMessages)
    .values(messageKeys.map((messageKey) => ({ organizationId, messageKey })))
    .onConflictDoNothing();
}

/** The message keys of every call's spoken sentences, as a subquery. */
export function answerMessageKeys() {
  return sql`select message_key from call_answer_messages`;
}

/** Whether this message is one of the organisation's call sentences (so its audio may be served to its carrier). */
export async function isAnswerMessageOfOrganization(db: DbOrTx, organizationId: string, messageKey: string): Promise<boolean> {
  const rows = await db
    .select({ key: callAnswerMessages.messageKey })
    .from(callAnswerMessages)
    .where(and(eq(callAnswerMessages.organizationId, organizationId), eq(callAnswerMessages.messageKey, messageKey)));
  return rows.length > 0;
}

export type StopReason = "stopped" | "canceled";

/**
 * Ends every delivery of the campaign that has no outcome yet with `reason` as its outcome and skips its
 * attempts not started, except a delivery whose call is being placed or under way right now: that call
 * plays out and keeps its own outcome, and `stopReason` keeps it from being retried. The skipped attempts'
 * ids (their jobs are cancelled by the caller).
 */
export async function stopDeliveries(
  db: DbOrTx,
  organizationId: string,
  campaignId: string,
  reason: StopReason,
  note: string,
  at: Date,
): Promise<{ stopped: number; underWay: number; skippedAttemptIds: string[] }> {
  // A recipient called before (busy, no answer) whose retry is not made was called, just not again.
  const calledBefore = sql`exists (select 1 from call_attempts a where a.delivery_id = ${callDeliveries.id} and a.state = 'ended')`;
  const detail = sql<string>`case when ${calledBefore} then ${`not called again: ${note}`} else ${`not called: ${note}`} end`;
  const open = and(eq(callDeliveries.organizationId, organizationId), eq(callDeliveries.campaignId, campaignId), isNull(callDeliveries.outcome), isNull(callDeliveries.stopReason));
  const inFlight = sql`exists (select 1 from call_attempts a where a.delivery_id = ${callDeliveries.id} and a.state in ('creating', 'placed'))`;
  const stopped = await db
    .update(callDeliveries)
    .set({ outcome: reason, outcomeDetail: detail, finishedAt: at, stopReason: reason })
    .where(and(open, sql`not ${inFlight}`))
    .returning({ id: callDeliveries.id });
  const underWay = await db.update(callDeliveries).set({ stopReason: reason }).where(and(open, inFlight)).returning({ id: callDeliveries.id });
  const ids = [...stopped, ...underWay].map((d) => d.id);
  if (ids.length === 0) return { stopped: 0, underWay: 0, skippedAttemptIds: [] };
  const skipped = await db
    .update(callAttempts)
    .set({ state: "skipped", error: note })
    .where(and(inArray(callAttempts.deliveryId, ids), eq(callAttempts.state, "queued")))
    .returning({ id: callAttempts.id });
  return { stopped: stopped.length, underWay: underWay.length, skippedAttemptIds: skipped.map((a) => a.id) };
}
