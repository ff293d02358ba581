import { eq, sql } from "drizzle-orm";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";
import { campaignEvents, campaignSegments, segments, type CampaignStatus } from "@/drizzle/schema";
import type { PlannedMessage, PlannedSegment, RenderTarget } from "./plan";
import type { ThroughputSample } from "./throughput";

/**
 * Bulk writes pass each batch as ONE json parameter expanded with json_to_recordset: it works the same on
 * postgres.js and PGlite, and never meets Postgres's 65,535-parameter limit however large the campaign.
 */
const BATCH = 5_000;

function* batches<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Inserts segments that do not exist yet; returns how many were new. */
export async function insertSegments(db: DbOrTx, planned: readonly PlannedSegment[], target: RenderTarget): Promise<number> {
  let inserted = 0;
  for (const batch of batches(planned)) {
    const rows = JSON.stringify(batch.map((s) => ({ key: s.key, text: s.text })));
    const result = await db.execute(sql`
      insert into segments (key, text, voice, speed, engine, model_version)
      select x.key, x.text, ${target.voice}, ${target.speed}, ${target.engine}, ${target.modelVersion}
      from json_to_recordset(${rows}::json) as x(key text, text text)
      on conflict (key) do nothing
      returning key`);
    inserted += rowsOf(result).length;
  }
  return inserted;
}

export async function insertMessages(db: DbOrTx, planned: readonly PlannedMessage[]): Promise<void> {
  for (const batch of batches(planned)) {
    const rows = JSON.stringify(batch.map((m) => ({ key: m.key, text: m.text, n: m.segmentKeys.length })));
    await db.execute(sql`
      insert into messages (key, text, segment_count)
      select x.key, x.text, x.n from json_to_recordset(${rows}::json) as x(key text, text text, n int)
      on conflict (key) do nothing`);
  }
  const links = planned.flatMap((m) => m.segmentKeys.map((segmentKey, position) => ({ m: m.key, p: position, s: segmentKey })));
  for (const batch of batches(links)) {
    await db.execute(sql`
      insert into message_segments (message_key, position, segment_key)
      select x.m, x.p, x.s from json_to_recordset(${JSON.stringify(batch)}::json) as x(m text, p int, s text)
      on conflict do nothing`);
  }
}

export async function insertCampaignSegments(db: DbOrTx, campaignId: string, segmentKeys: readonly string[]): Promise<void> {
  for (const batch of batches(segmentKeys)) {
    await db.execute(sql`
      insert into campaign_segments (campaign_id, segment_key)
      select ${campaignId}::uuid, value from ${textListParam(batch)} as keys
      on conflict do nothing`);
  }
}

/** Which of these segment keys already have audio (status `done`), from any campaign. */
export async function listDoneSegmentKeys(db: DbOrTx, segmentKeys: readonly string[]): Promise<Set<string>> {
  const done = new Set<string>();
  for (const batch of batches(segmentKeys)) {
    const result = await db.execute(sql`
      select key from segments
      where status = 'done' and key in ${textListParam(batch)}`);
    for (const row of rowsOf<{ key: string }>(result)) done.add(row.key);
  }
  return done;
}

export type SegmentCounts = { queued: number; rendering: number; done: number; failed: number; total: number };

/** Counts of a campaign's distinct segments by status. */
export async function countCampaignSegments(db: DbOrTx, campaignId: string): Promise<SegmentCounts> {
  const rows = await db
    .select({ status: segments.status, n: sql<number>`count(*)::int` })
    .from(campaignSegments)
    .innerJoin(segments, eq(segments.key, campaignSegments.segmentKey))
    .where(eq(campaignSegments.campaignId, campaignId))
    .groupBy(segments.status);
  const counts: SegmentCounts = { queued: 0, rendering: 0, done: 0, failed: 0, total: 0 };
  for (const row of rows) {
    counts[row.status] = Number(row.n);
    counts.total += Number(row.n);
  }
  return counts;
}

/**
 * Moves a `rendering` campaign to its final state once none of its segments is queued or rendering:
 * `ready` when all have audio, `partially_failed` when some failed. Records the change as a progress event.
 */
export async function refreshCampaignStatus(db: DbOrTx, campaignId: string): Promise<CampaignStatus | null> {
  const counts = await countCampaignSegments(db, campaignId);
  if (counts.queued + counts.rendering > 0) return null;
  const status: CampaignStatus = counts.failed > 0 ? "partially_failed" : "ready";
  const result = await db.execute(sql`
    update campaigns set status = ${status}, finished_at = now(), updated_at = now()
    where id = ${campaignId} and status = 'rendering'
    returning id`);
  if (rowsOf(result).length === 0) return null;
  await db.insert(campaignEvents).values({ campaignId, type: "status", payload: { status, counts } });
  return status;
}

/** Whose remaining work a time-left estimate waits for; `everything` is all leasable work (a plan adds its own). */
export type EtaTarget = { campaignId: string } | { messageKey: string } | "everything";

export const THROUGHPUT_WINDOW_SECONDS = 60;

/**
 * One read of what the workers are doing: completions in the moving window (all workers, all campaigns) and
 * the work leased before the target's last remaining segment (leasing takes the oldest segments first and
 * only those of rendering campaigns, see leaseSegments), so a campaign launched later does not count
 * against an earlier one, and one launched earlier does.
 */
export async function getThroughputSample(db: DbOrTx, target: EtaTarget, windowSeconds = THROUGHPUT_WINDOW_SECONDS): Promise<ThroughputSample> {
  const isTarget =
    target === "everything"
      ? sql`true`
      : "campaignId" in target
        ? sql`s.key in (select segment_key from campaign_segments where campaign_id = ${target.campaignId})`
        : sql`s.key in (select segment_key from message_segments where message_key = ${target.messageKey})`;
  const [row] = rowsOf<{ completions: number; audio: number; units: number; busy: number | null; aheadUnits: number; aheadSegments: number }>(
    await db.execute(sql`
      with recent as (
        select count(*)::int as completions, coalesce(sum(duration_ms), 0)::float / 1000 as audio, coalesce(sum(length(text) / speed), 0)::float as units
        from segments where status = 'done' and rendered_at > now() - make_interval(secs => ${windowSeconds})
      ),
      leasable as (
        select s.created_at, length(s.text) / s.speed as units, ${isTarget} as is_target
        from segments s
        where s.status in ('queued', 'rendering') and exists (
          select 1 from campaign_segments cs join campaigns k on k.id = cs.campaign_id
          where cs.segment_key = s.key and k.status = 'rendering')
      ),
      last_target as (select max(created_at) as at from leasable where is_target)
      select recent.completions, recent.audio, recent.units,
        (select extract(epoch from now() - min(launched_at))::float from campaigns where status = 'rendering') as busy,
        coalesce((select sum(units) from leasable, last_target where leasable.created_at <= last_target.at), 0)::float as "aheadUnits",
        (select count(*)::int from leasable, last_target where leasable.created_at <= last_target.at) as "aheadSegments"
      from recent`),
  );
  return {
    windowSeconds,
    completions: row!.completions,
    completedAudioSeconds: row!.audio,
    completedTextUnits: row!.units,
    busySeconds: row!.busy,
    aheadTextUnits: row!.aheadUnits,
    aheadSegments: row!.aheadSegments,
  };
}
