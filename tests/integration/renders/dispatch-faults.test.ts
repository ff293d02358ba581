import { sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { cancelCampaign, retryFailedSegments } from "@/lib/campaigns";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, campaignStatus, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { seedContacts } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

async function statusCounts(ctx: Ctx, campaignId: string) {
  const rows = rowsOf<{ status: string; n: number }>(
    await ctx.db.execute(sql`select s.status, count(*)::int as n from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${campaignId} group by 1 order by 1`),
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const NAMES = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Mike November Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey Yankee".split(" ");

describeEachDatabase("dispatch under worker faults", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker | undefined;
  let pool: WorkerPool | undefined;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    await seedContacts(ctx.db, ctx.organization.id, appointmentContacts(24).map((c, i) => ({ ...c, firstName: NAMES[i]! })));
  });
  afterEach(async () => {
    await pool?.close();
    await fake?.close();
  });

  async function run(version: string, behave: Parameters<typeof startFakeWorker>[0]["behave"], template: string) {
    fake = await startFakeWorker({ behave, modelVersion: version });
    pool = new WorkerPool({ urls: [fake.url], renderDeadlineMs: 1_500 });
    await pool.probe();
    const id = await launchTestCampaign(ctx, pool.info()!, { template, name: version });
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20, maxAttempts: 3 });
    return { id, dispatcher };
  }

  it("slows down on 503 + Retry-After instead of failing renders", async () => {
    const { id, dispatcher } = await run(
      "busy",
      ({ n }) => (n <= 10 ? { kind: "error", status: 503, code: "overloaded", retryable: true, retryAfterSeconds: 1 } : { kind: "ok" }),
      "Hello {{firstName}}.",
    );
    const started = Date.now();
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, id)).toBe("ready");
    await dispatcher.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await statusCounts(ctx, id)).toEqual({ done: 24 });
    expect(dispatcher.stats.failed).toBe(0);
  });

  it("marks a segment the worker rejects as failed with the reason, and renders the rest", async () => {
    const { id, dispatcher } = await run(
      "reject",
      ({ text }) => (text.includes("Delta") ? { kind: "error", status: 400, code: "invalid_request", retryable: false } : { kind: "ok" }),
      "Goodbye {{firstName}}.",
    );
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, id)).toBe("partially_failed");
    await dispatcher.stop();
    expect(await statusCounts(ctx, id)).toEqual({ done: 23, failed: 1 });
    const [failed] = rowsOf<{ last_error: string; attempts: number }>(
      await ctx.db.execute(sql`select last_error, attempts from segments where text like '%Delta%' and model_version = 'reject'`),
    );
    expect(failed).toMatchObject({ last_error: "invalid_request: fake invalid_request", attempts: 1 });
  });

  it("retries garbage, hung and dropped responses, then fails them after the attempt limit", async () => {
    const bad = { Bravo: "garbage", Charlie: "hang", Foxtrot: "destroy" } as const;
    const { id, dispatcher } = await run(
      "faulty",
      ({ text }) => {
        const hit = Object.entries(bad).find(([name]) => text.includes(name));
        return hit ? { kind: hit[1] } : { kind: "ok" };
      },
      "Welcome {{firstName}}.",
    );
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, id, 60_000)).toBe("partially_failed");
    await dispatcher.stop();
    expect(await statusCounts(ctx, id)).toEqual({ done: 21, failed: 3 });
    const reasons = rowsOf<{ last_error: string; attempts: number }>(
      await ctx.db.execute(sql`select last_error, attempts from segments where model_version = 'faulty' and status = 'failed' order by last_error`),
    );
    expect(reasons.map((r) => r.attempts)).toEqual([3, 3, 3]);
    expect(reasons.map((r) => r.last_error.split(":")[0]).sort()).toEqual(["bad_response", "network_error", "timeout"]);
  });

  it("keeps the lease of a render slower than the lease itself: a second dispatcher never takes it over", async () => {
    // Renders take 1.2 s against 400 ms leases. Without the heartbeat, the second dispatcher would take over
    // each lease after 400 ms and render every segment again.
    fake = await startFakeWorker({ behave: () => ({ kind: "ok", delayMs: 1_200 }), capacity: 4, modelVersion: "slow" });
    pool = new WorkerPool({ urls: [fake.url], renderDeadlineMs: 5_000 });
    await pool.probe();
    const id = await launchTestCampaign(ctx, pool.info()!, { template: "Thanks {{firstName}}.", name: "slow" });
    const other = new WorkerPool({ urls: [fake.url], renderDeadlineMs: 5_000 });
    await other.probe();
    const first = createDispatcher({ db: ctx.db, pool, pollMs: 20, leaseMs: 400 });
    const second = createDispatcher({ db: ctx.db, pool: other, pollMs: 20, leaseMs: 400 });
    try {
      first.start();
      second.start();
      expect(await waitForCampaign(ctx.db, id, 60_000)).toBe("ready");
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await other.close();
    }
    expect(await statusCounts(ctx, id)).toEqual({ done: 24 });
    expect(fake!.requests).toHaveLength(24);
    expect(first.stats.rendered + second.stats.rendered).toBe(24);
  });

  it("finishes every campaign sharing a failed segment when one of them retries it", async () => {
    let broken = true;
    const { id: first, dispatcher } = await run(
      "shared",
      ({ text }) => (broken && text.includes("Echo") ? { kind: "error", status: 400, code: "invalid_request", retryable: false } : { kind: "ok" }),
      "Hi again {{firstName}}.",
    );
    const second = await launchTestCampaign(ctx, pool!.info()!, { template: "Hi again {{firstName}}.", name: "shared too" });
    dispatcher.start();
    try {
      expect(await waitForCampaign(ctx.db, first)).toBe("partially_failed");
      expect(await waitForCampaign(ctx.db, second)).toBe("partially_failed");
      broken = false;
      expect(await retryFailedSegments(ctx, first)).toEqual({ ok: true, value: { requeued: 1 } });
      expect(await waitForCampaign(ctx.db, first)).toBe("ready");
      expect(await waitForCampaign(ctx.db, second)).toBe("ready");
    } finally {
      await dispatcher.stop();
    }
    expect(await statusCounts(ctx, second)).toEqual({ done: 24 });
    const events = rowsOf<{ type: string; status: string | null }>(
      await ctx.db.execute(sql`select type, payload->>'status' as status from campaign_events where campaign_id = ${second} and type = 'status' order by id`),
    );
    expect(events.map((e) => e.status)).toEqual(["partially_failed", "rendering", "ready"]);
  });

  it("stops dispatching a canceled campaign's queued segments", async () => {
    const { id, dispatcher } = await run("cancel", () => ({ kind: "ok" }), "See you {{firstName}}.");
    expect((await cancelCampaign(ctx, id)).ok).toBe(true);
    await dispatcher.runFor(500);
    expect(fake!.requests).toHaveLength(0);
    expect(await campaignStatus(ctx.db, id)).toBe("canceled");
    expect(await statusCounts(ctx, id)).toEqual({ queued: 24 });
  });
});
