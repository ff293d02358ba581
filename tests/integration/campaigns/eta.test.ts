import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import {
  createCampaign,
  estimateTimeLeft,
  getCampaignEventHub,
  getMessageAudio,
  planCampaign,
  recordSegmentsSettled,
  segmentKeysOfRenderingCampaigns,
  streamCampaignEvents,
  type CampaignEvent,
  type EtaRange,
} from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { getThroughputSample } from "@/lib/renders";
import { CHARS_PER_AUDIO_SECOND } from "@/lib/renders/plan";
import { APPOINTMENT_TEMPLATE, appointmentContacts, launchTestCampaign } from "../../helpers/campaign-run";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

/**
 * Two estimates of the same queue read moments apart: the live rate is measured up to now, so the
 * seconds between the reads may move it by a little, never by more than a tenth (or one second).
 */
function expectSameEstimate(actual: EtaRange | null, expected: EtaRange | null) {
  expect(actual?.basis).toBe(expected?.basis);
  expect(Math.abs(actual!.seconds - expected!.seconds)).toBeLessThanOrEqual(Math.max(1, expected!.seconds * 0.1));
}

const LATER_TEMPLATE = "Hello {{firstName}}, a reminder from Bright Smile Dental. We will see you at {{appointment.time}}.";

/**
 * Workers are simulated by writing what they write (done, duration, rendered_at), so the live rate is exact:
 * 10 segments finished half a second apart in the last minute, by workers busy for longer than that.
 */
describeEachDatabase("time-left estimates from live throughput", (getDb) => {
  let ctx: Ctx;
  let first: string;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    first = await launchTestCampaign(ctx, TEST_WORKER, { contacts: appointmentContacts(30, 10, 3) });
    await ctx.db.execute(sql`update campaigns set launched_at = now() - interval '5 minutes' where id = ${first}`);
    await finishSegments(first, 10, "10 seconds");
    // Rendered long ago: outside the moving window, so it must not count towards the rate.
    await finishSegments(first, 1, "10 minutes");
  });

  async function finishSegments(campaignId: string, n: number, ago: string): Promise<string[]> {
    const rows = rowsOf<{ key: string }>(
      await ctx.db.execute(sql`
        with picked as (
          select s.key, row_number() over (order by s.key) as n from segments s join campaign_segments cs on cs.segment_key = s.key
          where cs.campaign_id = ${campaignId} and s.status = 'queued' order by s.key limit ${n})
        update segments s set status = 'done', duration_ms = 2000, rendered_at = now() - ${ago}::interval + make_interval(secs => (picked.n - 1) * 0.5)
        from picked where picked.key = s.key
        returning s.key`),
    );
    return rows.map((r) => r.key);
  }

  it("measures completions in the moving window only, and the work still queued", async () => {
    const sample = await getThroughputSample(ctx.db, segmentKeysOfRenderingCampaigns(), sql`select segment_key from campaign_segments where campaign_id = ${first}`, 300);
    expect(sample).toMatchObject({ completions: 10, busySeconds: 300, aheadSegments: 3 });
    const eta = await estimateTimeLeft(ctx.db, { campaignId: first }, null);
    expect(eta).toMatchObject({ basis: "live" });
    expect(eta!.lowSeconds).toBeGreaterThan(0);
    expect(eta!.seconds).toBeGreaterThan(eta!.lowSeconds);
    expect(eta!.highSeconds).toBeGreaterThan(eta!.seconds);
    expect(eta!.highSeconds).toBeGreaterThan(eta!.lowSeconds);
  });

  it("counts work queued earlier against a later plan and campaign, but not the other way round", async () => {
    const before = await estimateTimeLeft(ctx.db, { campaignId: first }, null);
    const created = await createCampaign(
      ctx,
      { name: "Later", template: LATER_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } },
      TEST_WORKER,
    );
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    // The plan waits for the first campaign's 3 queued segments, then its own.
    expect(plan.value.estimatedRenderTime!.lowSeconds).toBeGreaterThan(before!.lowSeconds);

    // A plan of the same messages adds nothing: its segments are already queued ahead, or already rendered.
    const same = await createCampaign(ctx, { name: "Same", template: APPOINTMENT_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!same.ok) throw new Error(same.error.message);
    const samePlan = await planCampaign(ctx, same.value.id, TEST_WORKER);
    if (!samePlan.ok) throw new Error(samePlan.error.message);
    expect(samePlan.value.toRender).toBeGreaterThan(0);
    expect(samePlan.value.estimatedRenderTime).toEqual(await estimateTimeLeft(ctx.db, "everything", TEST_WORKER));

    const later = await launchTestCampaign(ctx, TEST_WORKER, { template: LATER_TEMPLATE, name: "Later, launched" });
    // Leasing takes the oldest segments first: the later campaign does not delay the first one.
    expectSameEstimate(await estimateTimeLeft(ctx.db, { campaignId: first }, null), before);
    const afterLater = await estimateTimeLeft(ctx.db, { campaignId: later }, null);
    expect(afterLater!.lowSeconds).toBeGreaterThan(before!.highSeconds);
  });

  it("carries the estimate in the stream's snapshot and in each progress event", async () => {
    const expected = await estimateTimeLeft(ctx.db, { campaignId: first }, null);
    const abort = new AbortController();
    const hub = getCampaignEventHub(getDb());
    const stream = streamCampaignEvents({ db: ctx.db, hub, campaign: { id: first, status: "rendering" }, lastEventId: null, signal: abort.signal });
    const snapshot = (await stream.next()).value!.data as Extract<CampaignEvent, { type: "snapshot" }>;
    expectSameEstimate(snapshot.eta, expected);

    const [key] = await finishSegments(first, 1, "0 seconds");
    await ctx.db.transaction((tx) => recordSegmentsSettled(tx, [{ segmentKey: key!, status: "done" }]));
    const progress = (await stream.next()).value!.data as Extract<CampaignEvent, { type: "progress" }>;
    abort.abort();
    await stream.return(undefined);
    expect(progress).toMatchObject({ type: "progress", segmentKey: key });
    expectSameEstimate(progress.eta, await estimateTimeLeft(ctx.db, { campaignId: first }, null));
    expect(progress.eta!.highSeconds).toBeLessThan(expected!.highSeconds);
  });

  it("tells a client asking for audio that is not ready when to ask again", async () => {
    const [row] = rowsOf<{ messageKey: string }>(
      await ctx.db.execute(sql`
        select cr.message_key as "messageKey" from campaign_recipients cr
        join message_segments ms on ms.message_key = cr.message_key join segments s on s.key = ms.segment_key
        where cr.campaign_id = ${first} and s.status = 'queued' limit 1`),
    );
    const audio = await getMessageAudio(ctx, row!.messageKey, "wav");
    expect(audio.ok).toBe(false);
    if (audio.ok) return;
    expect(audio.error.code).toBe("audio_not_ready");
    const details = audio.error.details as { retryAfterSeconds: number; eta: { seconds: number; lowSeconds: number; highSeconds: number } };
    expect(details.retryAfterSeconds).toBe(details.eta.seconds);
    expect(details.retryAfterSeconds).toBeGreaterThanOrEqual(details.eta.lowSeconds);
    expect(details.retryAfterSeconds).toBeLessThanOrEqual(details.eta.highSeconds);
    expect(details.retryAfterSeconds).toBeGreaterThan(0);
  });
});

/**
 * A plan made while nothing renders: the workers' last busy stretch (stored completions, 2 s apart after a
 * first batch) gives the speed, not the start-up guess and not the idle window.
 */
describeEachDatabase("a plan seeded from the measured speed of the last campaign", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    const done = await launchTestCampaign(ctx, TEST_WORKER, { contacts: appointmentContacts(30, 10, 3) });
    await ctx.db.execute(sql`
      with ordered as (select s.key, row_number() over (order by s.key) as n from segments s
        join campaign_segments cs on cs.segment_key = s.key where cs.campaign_id = ${done})
      update segments s set status = 'done', duration_ms = 2000,
        rendered_at = now() - interval '90 seconds' + make_interval(secs => greatest(0, ordered.n - 2) * 2)
      from ordered where ordered.key = s.key`);
    await ctx.db.execute(sql`update campaigns set status = 'ready' where id = ${done}`);
  });

  it("divides the plan's text by the text rendered per second in that stretch", async () => {
    const stretch = rowsOf<{ units: number; seconds: number }>(
      await ctx.db.execute(sql`
        select sum(length(text) / speed) filter (where rendered_at > (select min(rendered_at) from segments))::float as units,
          extract(epoch from max(rendered_at) - min(rendered_at))::float as seconds
        from segments where status = 'done'`),
    )[0]!;
    const created = await createCampaign(
      ctx,
      { name: "Next week", template: LATER_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } },
      TEST_WORKER,
    );
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    const eta = plan.value.estimatedRenderTime!;
    expect(eta.basis).toBe("measured");
    const rate = stretch.units / stretch.seconds;
    // The plan's own text: every segment is new (another template), so the estimate is its text over that rate.
    expect(eta.seconds).toBeGreaterThan(0);
    expect(eta.lowSeconds).toBeLessThan(eta.seconds);
    expect(eta.highSeconds).toBeGreaterThan(eta.seconds);
    // The plan's audio-seconds are its text over 14 characters a second (speed 1), rounded.
    const units = plan.value.estimatedAudioSeconds * CHARS_PER_AUDIO_SECOND;
    expect(Math.abs((eta.seconds * rate) / units - 1)).toBeLessThan(0.08);
  });
});
