import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { campaigns, campaignStatus, type CampaignStatus } from "@/drizzle/schema";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";
import { enqueueWebhookEvent } from "@/lib/webhooks";
import { segmentCountsByGroup, wakeDispatchers, type SegmentCounts, type SettledSegment } from "@/lib/renders";
import { countCampaignSegments } from "./queries";

/**
 * Where a campaign's status changes, where its events are written and where listeners are told: every
 * status change, event insert and NOTIFY of the app is in this file. Each function takes the transaction
 * it belongs to, so the change, its event and its notification commit together (NOTIFY is delivered at
 * commit).
 */

/** Tells progress streams that a campaign has new events (payload: the campaign id). */
export const PROGRESS_CHANNEL = "campaign_progress";

const segmentCountsSchema = z.object({ queued: z.number(), rendering: z.number(), done: z.number(), failed: z.number(), total: z.number() });

/** What is written to campaign_events: `type` is its own column, the rest the payload. */
export const storedCampaignEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("launched"), distinctSegments: z.number(), newSegments: z.number(), distinctMessages: z.number() }),
  z.object({
    type: z.literal("status"),
    status: z.enum(campaignStatus.enumValues),
    counts: segmentCountsSchema.optional(),
    /** Set when a retry sent failed segments back to the queue: how many. */
    requeued: z.number().optional(),
    /** Set when messages that said out-of-date values were planned again: how many recipients. */
    rerendered: z.number().optional(),
  }),
  z.object({ type: z.literal("progress"), segmentKey: z.string(), status: z.enum(["done", "failed"]), counts: segmentCountsSchema }),
  /** A recipient's phone call moved on (placed, answered, ended): `outcome` once the delivery is over. */
  z.object({ type: z.literal("call"), recipientId: z.string(), state: z.string(), outcome: z.string().nullable() }),
]);
export type StoredCampaignEvent = z.infer<typeof storedCampaignEventSchema>;

async function notify(db: DbOrTx, channel: string, campaignId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${campaignId})`);
}

async function appendEvent(tx: DbOrTx, campaignId: string, event: StoredCampaignEvent): Promise<void> {
  await appendEvents(tx, [{ campaignId, event }]);
}

/**
 * One statement for all of them, whatever campaigns they belong to: the insert (ids handed out in array
 * order) and one notification per campaign.
 */
async function appendEvents(tx: DbOrTx, events: { campaignId: string; event: StoredCampaignEvent }[]): Promise<void> {
  const rows = JSON.stringify(events.map(({ campaignId, event: { type, ...payload } }, n) => ({ n, c: campaignId, t: type, p: payload })));
  await tx.execute(sql`
    with added as (
      insert into campaign_events (campaign_id, type, payload)
      select x.c, x.t, x.p from json_to_recordset(${rows}::json) as x(n int, c uuid, t text, p jsonb)
      order by x.n
      returning campaign_id)
    select pg_notify(${PROGRESS_CHANNEL}, c::text) from (select distinct campaign_id as c from added) notified`);
}

/** What launching changed on the campaign row. */
export type LaunchedState = { status: CampaignStatus; engine: string | null; modelVersion: string | null; launchedAt: Date | null; finishedAt: Date | null };

type LaunchSummary = Omit<Extract<StoredCampaignEvent, { type: "launched" }>, "type">;

/**
 * draft → rendering, pinned to the engine and model it was planned for; straight on to its final state when
 * every segment already has audio. Wakes the dispatchers.
 */
export async function markLaunched(
  tx: DbOrTx,
  campaignId: string,
  target: { engine: string; modelVersion: string },
  summary: LaunchSummary,
  counts: SegmentCounts,
): Promise<LaunchedState> {
  const [launched] = await tx
    .update(campaigns)
    .set({ status: "rendering", engine: target.engine, modelVersion: target.modelVersion, launchedAt: new Date(), updatedAt: new Date() })
    .where(eq(campaigns.id, campaignId))
    .returning({ status: campaigns.status, engine: campaigns.engine, modelVersion: campaigns.modelVersion, launchedAt: campaigns.launchedAt, finishedAt: campaigns.finishedAt });
  await appendEvent(tx, campaignId, { type: "launched", ...summary });
  const finished = await finishIfSettled(tx, campaignId, counts);
  await wakeDispatchers(tx, campaignId);
  return finished ? { ...launched!, ...finished } : launched!;
}

export async function markCanceled(tx: DbOrTx, campaignId: string): Promise<void> {
  const [row] = await tx
    .update(campaigns)
    .set({ status: "canceled", finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(campaigns.id, campaignId))
    .returning({ organizationId: campaigns.organizationId });
  await appendEvent(tx, campaignId, { type: "status", status: "canceled" });
  if (row) await enqueueWebhookEvent(tx, row.organizationId, "campaign.canceled", { campaignId });
}

/**
 * A retry sent these failed segments back to the queue: the campaign renders again, and so does every other
 * campaign that ended partially_failed on any of them (so it ends ready with this retry instead of staying
 * failed on audio that now exists). Wakes the dispatchers.
 */
export async function reopenForRetry(tx: DbOrTx, organizationId: string, campaignId: string, requeuedKeys: string[]): Promise<void> {
  const requeued = requeuedKeys.length;
  await tx.update(campaigns).set({ status: "rendering", finishedAt: null, updatedAt: new Date() }).where(eq(campaigns.id, campaignId));
  await appendEvent(tx, campaignId, { type: "status", status: "rendering", requeued });
  // The organisation's other campaigns that failed on these segments render again too; another
  // organisation's are left alone, since reopening them would tell both that they share a sentence.
  const others = await tx.execute(sql`
    update campaigns set status = 'rendering', finished_at = null, updated_at = now()
    where status = 'partially_failed' and id <> ${campaignId} and organization_id = ${organizationId}
      and id in (select campaign_id from campaign_segments where segment_key in ${textListParam(requeuedKeys)})
    returning id`);
  const reopened = rowsOf<{ id: string }>(others).map(({ id }) => ({ campaignId: id, event: { type: "status", status: "rendering", requeued } as const }));
  if (reopened.length > 0) await appendEvents(tx, reopened);
  await wakeDispatchers(tx, campaignId);
}

/**
 * Recipients' messages were planned again (their values changed since launch): the campaign renders the new
 * segments, or settles at once when they all have audio already. Wakes the dispatchers.
 */
export async function reopenForRerender(tx: DbOrTx, campaignId: string, rerendered: number): Promise<void> {
  await tx.update(campaigns).set({ status: "rendering", finishedAt: null, updatedAt: new Date() }).where(eq(campaigns.id, campaignId));
  await appendEvent(tx, campaignId, { type: "status", status: "rendering", rerendered });
  await finishIfSettled(tx, campaignId, await countCampaignSegments(tx, campaignId));
  await wakeDispatchers(tx, campaignId);
}

/**
 * A retry that found nothing failed: another organisation's retry may have rendered the sentence this
 * campaign failed on (reopening is kept inside an organisation). Settle the status on the audio that exists.
 */
export async function settleAfterEmptyRetry(tx: DbOrTx, campaignId: string): Promise<void> {
  await tx.update(campaigns).set({ status: "rendering", updatedAt: new Date() }).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "partially_failed")));
  await finishIfSettled(tx, campaignId, await countCampaignSegments(tx, campaignId));
  await notify(tx, PROGRESS_CHANNEL, campaignId);
}

/**
 * The dispatcher's report that a batch of segments is done or failed for good (in the order their renders
 * ended). For every rendering campaign that needs any of them: one progress event per segment, and the
 * campaign's final state when nothing is left. Two statements per batch, whatever its size and however many
 * campaigns it concerns (the lock, then counts, events and notifications in one), so a busy dispatcher
 * settling many segments at once pays them once.
 */
export async function recordSegmentsSettled(tx: DbOrTx, settled: SettledSegment[]): Promise<void> {
  // Locking each campaign row (in id order, so two transactions never wait on each other in a cycle)
  // serialises progress per campaign: counts are taken after the previous batch's commit, so the last
  // segment always sees the others done, and event ids are handed out in commit order, which is what lets
  // an SSE reader resume from an id without missing a later-committed lower one. The lock is held for the
  // one statement below and the commit.
  const locked = await tx.execute(sql`
    select k.id, cs.segment_key as "segmentKey" from campaigns k
    join campaign_segments cs on cs.campaign_id = k.id
    where k.status = 'rendering' and cs.segment_key in ${textListParam(settled.map((s) => s.segmentKey))}
    order by k.id
    for update of k`);
  const campaignsOf = new Map<string, string[]>();
  for (const { id, segmentKey } of rowsOf<{ id: string; segmentKey: string }>(locked)) campaignsOf.set(segmentKey, [...(campaignsOf.get(segmentKey) ?? []), id]);
  if (campaignsOf.size === 0) return;
  const rows = JSON.stringify(settled.flatMap(({ segmentKey, status }, n) => (campaignsOf.get(segmentKey) ?? []).map((c) => ({ n, c, k: segmentKey, s: status }))));
  // One progress event per settled segment, as if each had committed alone: the counts of an event are the
  // counts after the batch with the segments settled later in it still rendering.
  const recorded = await tx.execute(sql`
    with settled as (select * from json_to_recordset(${rows}::json) as x(n int, c uuid, k text, s text)),
    counts as (${segmentCountsByGroup(sql`select campaign_id as group_id, segment_key from campaign_segments where campaign_id in (select c from settled)`)}),
    progress as (
      select x.n, x.c, x.k, x.s,
        count(*) filter (where x.s = 'done') over later as done_later,
        count(*) filter (where x.s = 'failed') over later as failed_later
      from settled x
      window later as (partition by x.c order by x.n rows between 1 following and unbounded following)),
    added as (
      insert into campaign_events (campaign_id, type, payload)
      select p.c, 'progress', jsonb_build_object('segmentKey', p.k, 'status', p.s, 'counts', jsonb_build_object(
        'queued', k.queued, 'rendering', k.rendering + p.done_later + p.failed_later,
        'done', k.done - p.done_later, 'failed', k.failed - p.failed_later, 'total', k.total))
      from progress p join counts k on k.group_id = p.c
      order by p.n)
    select k.group_id::text as id, k.queued + k.rendering as unsettled, pg_notify(${PROGRESS_CHANNEL}, k.group_id::text)::text as notified
    from counts k`);
  for (const { id, unsettled } of rowsOf<{ id: string; unsettled: number }>(recorded)) {
    if (Number(unsettled) === 0) await finishIfSettled(tx, id, await countCampaignSegments(tx, id));
  }
}

/**
 * rendering → ready when all its segments have audio, or partially_failed when some failed, once none is
 * queued or rendering.
 */
async function finishIfSettled(tx: DbOrTx, campaignId: string, counts: SegmentCounts): Promise<{ status: CampaignStatus; finishedAt: Date | null } | null> {
  if (counts.queued + counts.rendering > 0) return null;
  const status: CampaignStatus = counts.failed > 0 ? "partially_failed" : "ready";
  const updated = await tx
    .update(campaigns)
    .set({ status, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "rendering")))
    .returning({ organizationId: campaigns.organizationId, finishedAt: campaigns.finishedAt });
  if (updated.length === 0) return null;
  await appendEvent(tx, campaignId, { type: "status", status, counts });
  // The outbox row commits with the status change: a receiver hears of every finish, and only of real ones.
  await enqueueWebhookEvent(tx, updated[0]!.organizationId, status === "ready" ? "campaign.ready" : "campaign.partially_failed", { campaignId });
  return { status, finishedAt: updated[0]!.finishedAt };
}

/** A recipient's phone call moved on: progress streams refresh the campaign's delivery report. */
export async function recordCallProgress(tx: DbOrTx, campaignId: string, call: { recipientId: string; state: string; outcome: string | null }): Promise<void> {
  await appendEvent(tx, campaignId, { type: "call", ...call });
}
