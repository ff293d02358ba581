import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { campaigns, campaignStatus, type CampaignStatus } from "@/drizzle/schema";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";
import { enqueueWebhookEvent } from "@/lib/webhooks";
import { emptySegmentCounts, type SegmentCounts, type SettledSegment } from "@/lib/renders";
import { countCampaignSegments, countSegmentsByCampaign } from "./queries";

/**
 * Where a campaign's status changes, where its events are written and where listeners are told: every
 * status change, event insert and NOTIFY of the app is in this file. Each function takes the transaction
 * it belongs to, so the change, its event and its notification commit together (NOTIFY is delivered at
 * commit).
 */

/** Tells progress streams that a campaign has new events (payload: the campaign id). */
export const PROGRESS_CHANNEL = "campaign_progress";
/** Wakes dispatchers: renders were queued (payload: the campaign id). */
export const QUEUED_CHANNEL = "renders_queued";

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

type LaunchSummary = Omit<Extract<StoredCampaignEvent, { type: "launched" }>, "type">;

/**
 * draft → rendering, pinned to the engine and model it was planned for; straight on to its final state when
 * every segment already has audio. Wakes the dispatchers.
 */
export async function markLaunched(tx: DbOrTx, campaignId: string, target: { engine: string; modelVersion: string }, summary: LaunchSummary): Promise<void> {
  await tx
    .update(campaigns)
    .set({ status: "rendering", engine: target.engine, modelVersion: target.modelVersion, launchedAt: new Date(), updatedAt: new Date() })
    .where(eq(campaigns.id, campaignId));
  await appendEvent(tx, campaignId, { type: "launched", ...summary });
  await finishIfSettled(tx, campaignId);
  await notify(tx, QUEUED_CHANNEL, campaignId);
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
  await notify(tx, QUEUED_CHANNEL, campaignId);
}

/**
 * Recipients' messages were planned again (their values changed since launch): the campaign renders the new
 * segments, or settles at once when they all have audio already. Wakes the dispatchers.
 */
export async function reopenForRerender(tx: DbOrTx, campaignId: string, rerendered: number): Promise<void> {
  await tx.update(campaigns).set({ status: "rendering", finishedAt: null, updatedAt: new Date() }).where(eq(campaigns.id, campaignId));
  await appendEvent(tx, campaignId, { type: "status", status: "rendering", rerendered });
  await finishIfSettled(tx, campaignId);
  await notify(tx, QUEUED_CHANNEL, campaignId);
}

/**
 * A retry that found nothing failed: another organisation's retry may have rendered the sentence this
 * campaign failed on (reopening is kept inside an organisation). Settle the status on the audio that exists.
 */
export async function settleAfterEmptyRetry(tx: DbOrTx, campaignId: string): Promise<void> {
  await tx.update(campaigns).set({ status: "rendering", updatedAt: new Date() }).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "partially_failed")));
  await finishIfSettled(tx, campaignId);
  await notify(tx, PROGRESS_CHANNEL, campaignId);
}

/**
 * The dispatcher's report that a batch of segments is done or failed for good (in the order their renders
 * ended). For every rendering campaign that needs any of them: one progress event per segment, and the
 * campaign's final state when nothing is left. The statements per batch are the same whatever its size and
 * however many campaigns it concerns (one lock, one count, one insert that also notifies), so a busy
 * dispatcher settling many segments at once pays them once.
 */
export async function recordSegmentsSettled(tx: DbOrTx, settled: SettledSegment[]): Promise<void> {
  // Locking each campaign row (in id order, so two transactions never wait on each other in a cycle)
  // serialises progress per campaign: counts are taken after the previous batch's commit, so the last
  // segment always sees the others done, and event ids are handed out in commit order, which is what lets
  // an SSE reader resume from an id without missing a later-committed lower one.
  const result = await tx.execute(sql`
    select k.id, cs.segment_key as "segmentKey" from campaigns k
    join campaign_segments cs on cs.campaign_id = k.id
    where k.status = 'rendering' and cs.segment_key in ${textListParam(settled.map((s) => s.segmentKey))}
    order by k.id
    for update of k`);
  const needed = new Map<string, Set<string>>();
  for (const { id, segmentKey } of rowsOf<{ id: string; segmentKey: string }>(result)) {
    needed.set(id, (needed.get(id) ?? new Set()).add(segmentKey));
  }
  if (needed.size === 0) return;
  const counts = await countSegmentsByCampaign(tx, [...needed.keys()]);
  const countsOf = (id: string) => counts.get(id) ?? emptySegmentCounts();
  await appendEvents(
    tx,
    [...needed].flatMap(([id, keys]) => progressEvents(settled.filter((s) => keys.has(s.segmentKey)), countsOf(id)).map((event) => ({ campaignId: id, event }))),
  );
  for (const id of needed.keys()) {
    const { queued, rendering } = countsOf(id);
    if (queued + rendering === 0) await finishIfSettled(tx, id);
  }
}

/**
 * One progress event per settled segment, as if each had committed alone: `after` are the counts once all
 * of them settled, so the counts of an earlier event have the later segments still rendering.
 */
function progressEvents(settled: SettledSegment[], after: SegmentCounts): StoredCampaignEvent[] {
  const counts = { ...after };
  const events: StoredCampaignEvent[] = [];
  for (let i = settled.length - 1; i >= 0; i--) {
    const { segmentKey, status } = settled[i]!;
    events.push({ type: "progress", segmentKey, status, counts: { ...counts } });
    counts[status] -= 1;
    counts.rendering += 1;
  }
  return events.reverse();
}

/**
 * rendering → ready when all its segments have audio, or partially_failed when some failed, once none is
 * queued or rendering.
 */
async function finishIfSettled(tx: DbOrTx, campaignId: string): Promise<CampaignStatus | null> {
  const counts = await countCampaignSegments(tx, campaignId);
  if (counts.queued + counts.rendering > 0) return null;
  const status: CampaignStatus = counts.failed > 0 ? "partially_failed" : "ready";
  const updated = await tx
    .update(campaigns)
    .set({ status, finishedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, "rendering")))
    .returning({ organizationId: campaigns.organizationId });
  if (updated.length === 0) return null;
  await appendEvent(tx, campaignId, { type: "status", status, counts });
  // The outbox row commits with the status change: a receiver hears of every finish, and only of real ones.
  await enqueueWebhookEvent(tx, updated[0]!.organizationId, status === "ready" ? "campaign.ready" : "campaign.partially_failed", { campaignId });
  return status;
}
