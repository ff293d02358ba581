import { sql, type SQL } from "drizzle-orm";
import { rowsOf, textListParam, type DbOrTx } from "@/lib/db";
import { messageDurationMs } from "@/lib/protocol/audio";
import type { SegmentStatus } from "@/drizzle/schema";
import type { PlannedMessage, PlannedSegment, RenderTarget } from "./plan";
import { FIRST_BATCH_SECONDS, liveSpanSeconds, type CompletionPoint, type ThroughputSample } from "./throughput";

/**
 * Every statement on `segments`, `segment_audio`, `messages` and `message_segments`. Other domains say which
 * segments they mean with a subquery of segment keys (a SQL fragment they write against their own tables).
 *
 * Bulk writes pass each batch as ONE json parameter expanded with json_to_recordset: it works the same on
 * postgres.js and PGlite, and never meets Postgres's 65,535-parameter limit however large the campaign.
 */
const BATCH = 5_000;

function* batches<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Wakes dispatchers (payload: why, e.g. the campaign id): renders were queued. lib/runtime/dispatch.ts listens. */
export const RENDERS_QUEUED_CHANNEL = "renders_queued";

/** Tells every dispatcher that renders were queued; inside a transaction it is delivered at commit. */
export async function wakeDispatchers(db: DbOrTx, reason: string): Promise<void> {
  await db.execute(sql`select pg_notify(${RENDERS_QUEUED_CHANNEL}, ${reason})`);
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

export const emptySegmentCounts = (): SegmentCounts => ({ queued: 0, rendering: 0, done: 0, failed: 0, total: 0 });

/**
 * Segment counts by status for groups of segments at once. `groupedKeys` selects two columns,
 * `group_id` and `segment_key` (e.g. a campaign and the segments it needs); a group without segments is absent.
 */
export async function countSegmentsByGroup(db: DbOrTx, groupedKeys: SQL): Promise<Map<string, SegmentCounts>> {
  const result = await db.execute(sql`
    select g.group_id::text as "groupId", s.status, count(*)::int as n
    from (${groupedKeys}) g join segments s on s.key = g.segment_key
    group by g.group_id, s.status`);
  const counts = new Map<string, SegmentCounts>();
  for (const row of rowsOf<{ groupId: string; status: SegmentStatus; n: number }>(result)) {
    const group = counts.get(row.groupId) ?? emptySegmentCounts();
    group[row.status] = Number(row.n);
    group.total += Number(row.n);
    counts.set(row.groupId, group);
  }
  return counts;
}

/**
 * The same counts as a subquery another domain embeds in its own statement: one row per group, with the
 * columns `group_id`, `queued`, `rendering`, `done`, `failed` and `total` (ints).
 */
export function segmentCountsByGroup(groupedKeys: SQL): SQL {
  return sql`
    select g.group_id,
      count(*) filter (where s.status = 'queued')::int as queued,
      count(*) filter (where s.status = 'rendering')::int as rendering,
      count(*) filter (where s.status = 'done')::int as done,
      count(*) filter (where s.status = 'failed')::int as failed,
      count(*)::int as total
    from (${groupedKeys}) g join segments s on s.key = g.segment_key
    group by g.group_id`;
}

export type LeasedSegment = { key: string; text: string; voice: string; speed: number; engine: string; modelVersion: string; attempts: number };

/**
 * Takes up to `limit` segments that are queued and due, or whose lease expired, among `neededKeys` (a
 * subquery of the segment keys someone still wants rendered). `skip locked`, so any number of dispatchers
 * share the queue without rendering a segment twice.
 */
export async function leaseSegments(db: DbOrTx, owner: string, limit: number, leaseMs: number, neededKeys: SQL): Promise<LeasedSegment[]> {
  const result = await db.execute(sql`
    update segments s set status = 'rendering', lease_owner = ${owner},
      lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}), attempts = s.attempts + 1
    where s.key in (
      select c.key from segments c
      where ((c.status = 'queued' and c.available_at <= now()) or (c.status = 'rendering' and c.lease_expires_at < now()))
        and c.key in (${neededKeys})
      order by c.created_at
      limit ${limit}
      for update of c skip locked)
    returning s.key, s.text, s.voice, s.speed, s.engine, s.model_version as "modelVersion", s.attempts`);
  return rowsOf<LeasedSegment>(result).map((r) => ({ ...r, speed: Number(r.speed), attempts: Number(r.attempts) }));
}

/** Pushes back the deadline of the leases `owner` still holds on these segments; returns their keys. */
export async function renewLeases(db: DbOrTx, owner: string, keys: string[], leaseMs: number): Promise<Set<string>> {
  const result = await db.execute(sql`
    update segments set lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000})
    where lease_owner = ${owner} and status = 'rendering'
      and key in ${textListParam(keys)}
    returning key`);
  return new Set(rowsOf<{ key: string }>(result).map((r) => r.key));
}

export type StoredAudio = { sampleRate: number; bytes: Buffer; audioMs: number; generationMs: number };

/**
 * Stores a batch of render outcomes in one statement: the audio of rendered segments (marked done) and the
 * segments `owner` is rendering that failed for good. Returns the status each key was set to; a key is
 * absent when another dispatcher completed it first or, for a failure, when the lease was lost meanwhile.
 * Audio travels base64-encoded inside the one json parameter, like every bulk write here.
 */
export async function storeSegmentOutcomes(
  tx: DbOrTx,
  owner: string,
  rendered: readonly { key: string; audio: StoredAudio }[],
  failures: readonly { key: string; reason: string }[],
): Promise<Map<string, "done" | "failed">> {
  const audio = JSON.stringify(
    rendered.map(({ key, audio }) => ({ key, d: audio.audioMs, g: audio.generationMs, r: audio.sampleRate, pcm: audio.bytes.toString("base64") })),
  );
  const result = await tx.execute(sql`
    with rendered as (select * from json_to_recordset(${audio}::json) as x(key text, d int, g int, r int, pcm text)),
    failures as (select * from json_to_recordset(${JSON.stringify(failures)}::json) as x(key text, reason text)),
    stored as (
      insert into segment_audio (segment_key, sample_rate, pcm)
      select key, r, decode(pcm, 'base64') from rendered
      on conflict do nothing),
    done as (
      update segments s set status = 'done', duration_ms = x.d, generation_ms = x.g, sample_rate = x.r, rendered_at = now(),
        lease_owner = null, lease_expires_at = null, last_error = null
      from rendered x
      where s.key = x.key and s.status <> 'done'
      returning s.key),
    failed as (
      update segments s set status = 'failed', lease_owner = null, lease_expires_at = null, last_error = x.reason
      from failures x
      where s.key = x.key and s.lease_owner = ${owner} and s.status = 'rendering'
      returning s.key)
    select key, 'done' as status from done
    union all
    select key, 'failed' as status from failed`);
  return new Map(rowsOf<{ key: string; status: "done" | "failed" }>(result).map((r) => [r.key, r.status]));
}

/** Gives leases `owner` holds but never used back to the queue, with the attempt they counted. */
export async function releaseLeases(db: DbOrTx, owner: string, keys: readonly string[]): Promise<void> {
  await db.execute(sql`
    update segments set status = 'queued', lease_owner = null, lease_expires_at = null, attempts = greatest(attempts - 1, 0)
    where lease_owner = ${owner} and status = 'rendering' and key in ${textListParam(keys)}`);
}

/**
 * Puts a leased segment back in the queue after `delayMs`. `giveBackAttempt` when the failure was not the
 * segment's fault (a busy or restarting worker), so it does not count towards the attempt limit.
 */
export async function requeueSegment(
  db: DbOrTx,
  key: string,
  owner: string,
  retry: { reason: string; delayMs: number; giveBackAttempt: boolean },
): Promise<void> {
  await db.execute(sql`
    update segments set status = 'queued', lease_owner = null, lease_expires_at = null, last_error = ${retry.reason},
      attempts = attempts - ${retry.giveBackAttempt ? 1 : 0}, available_at = now() + make_interval(secs => ${retry.delayMs / 1000})
    where key = ${key} and lease_owner = ${owner}`);
}

/** Sends the failed segments among `keys` (a subquery of segment keys) back to the queue with fresh attempts. */
export async function requeueFailedSegments(tx: DbOrTx, keys: SQL): Promise<string[]> {
  const result = await tx.execute(sql`
    update segments set status = 'queued', attempts = 0, available_at = now(), last_error = null
    where status = 'failed' and key in (${keys})
    returning key`);
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}

/** Where a message stands: its segments by state, its length once all are rendered, the first failure. */
export type MessageState = { segments: number; done: number; failed: number; durationMs: number | null; error: string | null };

/** The text (normalised, with the dictionary applied) each of these messages was planned with. */
export async function listMessageTexts(db: DbOrTx, messageKeys: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const batch of batches(messageKeys)) {
    const result = await db.execute(sql`select key, text from messages where key in ${textListParam(batch)}`);
    for (const r of rowsOf<{ key: string; text: string }>(result)) texts.set(r.key, r.text);
  }
  return texts;
}

/** The state of each of these messages; a key with no stored message is absent. */
export async function listMessageStates(db: DbOrTx, messageKeys: readonly string[]): Promise<Map<string, MessageState>> {
  const states = new Map<string, MessageState>();
  for (const batch of batches(messageKeys)) {
    const result = await db.execute(sql`
      select ms.message_key as key, count(*)::int as segments,
        count(*) filter (where s.status = 'done')::int as done,
        count(*) filter (where s.status = 'failed')::int as failed,
        sum(s.duration_ms)::int as "segmentMs", max(s.speed) as speed,
        min(s.last_error) filter (where s.status = 'failed') as error
      from message_segments ms join segments s on s.key = ms.segment_key
      where ms.message_key in ${textListParam(batch)}
      group by ms.message_key`);
    type Row = { key: string; segments: number; done: number; failed: number; segmentMs: number | null; speed: number; error: string | null };
    for (const r of rowsOf<Row>(result)) {
      const ready = r.done === r.segments && r.segmentMs !== null;
      states.set(r.key, {
        segments: r.segments,
        done: r.done,
        failed: r.failed,
        durationMs: ready ? messageDurationMs(Number(r.segmentMs), r.segments, Number(r.speed)) : null,
        error: r.error,
      });
    }
  }
  return states;
}

export type MessageSegmentAudio = { position: number; status: SegmentStatus; text: string; pcm: Buffer | Uint8Array | null; sampleRate: number | null; speed: number };

/** A message's segments in order, with their audio where it exists. */
export async function listMessageSegmentAudio(db: DbOrTx, messageKey: string): Promise<MessageSegmentAudio[]> {
  const result = await db.execute(sql`
    select ms.position, s.status, s.text, s.speed, sa.pcm, sa.sample_rate as "sampleRate"
    from message_segments ms
    join segments s on s.key = ms.segment_key
    left join segment_audio sa on sa.segment_key = ms.segment_key
    where ms.message_key = ${messageKey}
    order by ms.position`);
  return rowsOf<MessageSegmentAudio>(result);
}

export const THROUGHPUT_WINDOW_SECONDS = 60;

/** The segment keys of the messages a subquery lists, as a subquery (what the dispatcher may render for them). */
export function segmentKeysOfMessages(messageKeys: SQL): SQL {
  return sql`select segment_key from message_segments where message_key in (${messageKeys})`;
}

/** The keys of a message's segments, as a subquery (what a time-left estimate for one message waits for). */
export function messageSegmentKeys(messageKey: string): SQL {
  return sql`select segment_key from message_segments where message_key = ${messageKey}`;
}

/**
 * One read of what the workers are doing: completions in the later half of the time they have been busy, at
 * most the moving window (all workers, all campaigns), with the first batch of those apart, and the work leased
 * before the target's last remaining segment. Leasing takes the oldest of the `neededKeys` first (see
 * leaseSegments), so work queued later does not count against the target, and work queued earlier does.
 * `targetKeys` null means all needed work.
 */
export async function getThroughputSample(
  db: DbOrTx,
  neededKeys: SQL,
  targetKeys: SQL | null,
  busySeconds: number | null,
  windowSeconds = THROUGHPUT_WINDOW_SECONDS,
): Promise<ThroughputSample> {
  const isTarget = targetKeys ? sql`s.key in (${targetKeys})` : sql`true`;
  const span = liveSpanSeconds(busySeconds, windowSeconds);
  const [row] = rowsOf<{
    completions: number;
    units: number;
    firstCompletions: number;
    firstUnits: number;
    firstEndedAgo: number | null;
    aheadUnits: number;
    aheadSegments: number;
  }>(
    await db.execute(sql`
      with recent as (
        select rendered_at, length(text) / speed as units
        from segments where status = 'done' and rendered_at > now() - make_interval(secs => ${span})
      ),
      first_batch as (
        select * from recent where rendered_at <= (select min(rendered_at) from recent) + make_interval(secs => ${FIRST_BATCH_SECONDS})
      ),
      leasable as (
        select s.created_at, length(s.text) / s.speed as units, ${isTarget} as is_target
        from segments s
        where s.status in ('queued', 'rendering') and s.key in (${neededKeys})
      ),
      last_target as (select max(created_at) as at from leasable where is_target)
      select
        (select count(*)::int from recent) as completions,
        (select coalesce(sum(units), 0)::float from recent) as units,
        (select count(*)::int from first_batch) as "firstCompletions",
        (select coalesce(sum(units), 0)::float from first_batch) as "firstUnits",
        (select extract(epoch from now() - max(rendered_at))::float from first_batch) as "firstEndedAgo",
        coalesce((select sum(units) from leasable, last_target where leasable.created_at <= last_target.at), 0)::float as "aheadUnits",
        (select count(*)::int from leasable, last_target where leasable.created_at <= last_target.at) as "aheadSegments"`),
  );
  return {
    windowSeconds,
    busySeconds,
    completions: row!.completions,
    completedTextUnits: row!.units,
    firstBatch: row!.firstCompletions > 0 && row!.firstEndedAgo !== null
      ? { completions: row!.firstCompletions, textUnits: row!.firstUnits, endedSecondsAgo: row!.firstEndedAgo }
      : null,
    aheadTextUnits: row!.aheadUnits,
    aheadSegments: row!.aheadSegments,
  };
}

/** A rendered segment's PCM (16-bit little-endian mono), or null while it has no audio. */
export async function getSegmentPcm(db: DbOrTx, segmentKey: string): Promise<{ pcm: Buffer; sampleRate: number } | null> {
  const result = await db.execute(sql`select pcm, sample_rate as "sampleRate" from segment_audio where segment_key = ${segmentKey}`);
  return rowsOf<{ pcm: Buffer; sampleRate: number }>(result)[0] ?? null;
}

/** How many of the latest completions the measured speed reads (a few busy stretches' worth). */
const RECENT_COMPLETIONS = 3_000;

/**
 * The latest completions of one engine and model (any when null), oldest first: what measureSteadySpeed
 * reads the speed of the last busy stretches from, so a plan made while nothing renders knows it.
 */
export async function listRecentCompletions(db: DbOrTx, model: { engine: string; modelVersion: string } | null): Promise<CompletionPoint[]> {
  const ofModel = model ? sql`and engine = ${model.engine} and model_version = ${model.modelVersion}` : sql``;
  const rows = rowsOf<{ at: number; units: number }>(
    await db.execute(sql`
      select extract(epoch from rendered_at)::float as at, (length(text) / speed)::float as units
      from segments where status = 'done' and rendered_at is not null ${ofModel}
      order by rendered_at desc limit ${RECENT_COMPLETIONS}`),
  );
  return rows.reverse().map((r) => ({ at: r.at, textUnits: r.units }));
}

/**
 * Which of these segments are already waiting or rendering among `wanted` (a subquery of segment keys, such
 * as those of the campaigns rendering now): a time-left estimate counts them once, in the queue ahead, and
 * not again as new work of a plan.
 */
export async function listQueuedSegmentKeys(db: DbOrTx, segmentKeys: readonly string[], wanted: SQL): Promise<Set<string>> {
  const queued = new Set<string>();
  for (let i = 0; i < segmentKeys.length; i += 5_000) {
    const result = await db.execute(sql`
      select s.key from segments s
      where s.status in ('queued', 'rendering') and s.key in ${textListParam(segmentKeys.slice(i, i + 5_000))}
        and s.key in (${wanted})`);
    for (const row of rowsOf<{ key: string }>(result)) queued.add(row.key);
  }
  return queued;
}
