import { eq, sql } from "drizzle-orm";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";
import { campaignEvents, campaignSegments, segments, type CampaignStatus } from "@/drizzle/schema";
import type { PlannedMessage, PlannedSegment, RenderTarget } from "./plan";

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
