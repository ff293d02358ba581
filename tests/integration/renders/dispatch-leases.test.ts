import { sql } from "drizzle-orm";
import { afterEach, beforeAll, expect, it } from "vitest";
import { cancelCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createOrganization } from "@/lib/organizations";
import { WorkerPool } from "@/lib/worker-client";
import { launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

/** Segment rows of a campaign by status, with the lease owner and attempts of each group. */
async function segmentStates(ctx: Ctx, campaignId: string) {
  return rowsOf<{ status: string; owner: string | null; attempts: number; n: number }>(
    await ctx.db.execute(sql`
      select s.status, s.lease_owner as owner, s.attempts, count(*)::int as n
      from campaign_segments cs join segments s on s.key = cs.segment_key
      where cs.campaign_id = ${campaignId} group by 1, 2, 3 order by 1, 2, 3`),
  );
}

describeEachDatabase("leasing ahead of the workers", (getDb) => {
  let db: Ctx["db"];
  const closing: { close(): Promise<void> }[] = [];
  beforeAll(() => {
    db = getDb().db;
  });
  afterEach(async () => {
    for (const c of closing.splice(0).reverse()) await c.close();
  });

  /** A campaign of `n` distinct sentences in an organisation of its own. */
  async function launch(n: number, label: string, pool: WorkerPool): Promise<{ ctx: Ctx; id: string }> {
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: `Leases ${label}` }) };
    const contacts = Array.from({ length: n }, (_, i) => ({ firstName: "Sam", lastName: `${label}${i}` }));
    const id = await launchTestCampaign(ctx, pool.info()!, { contacts, template: `Hello {{firstName}} {{lastName}}, this is ${label}.` });
    return { ctx, id };
  }

  async function worker(options: Parameters<typeof startFakeWorker>[0]): Promise<FakeWorker> {
    const fake = await startFakeWorker(options);
    closing.push(fake);
    return fake;
  }

  async function poolFor(fake: FakeWorker): Promise<WorkerPool> {
    const pool = new WorkerPool({ urls: [fake.url] });
    closing.push(pool);
    await pool.probe();
    return pool;
  }

  /** A worker whose renders all wait until `release()`, and a pool on it. */
  async function heldWorker(capacity: number) {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const fake = await worker({ capacity, behave: () => ({ kind: "ok", heldUntil: held }) });
    return { fake, pool: await poolFor(fake), release };
  }

  it("leases the free slots and a round ahead in one statement, and gives back what it never sent when it stops", async () => {
    const { fake, pool, release } = await heldWorker(8);
    const { ctx, id } = await launch(40, "ahead", pool);
    const dispatcher = createDispatcher({ db, pool, pollMs: 20, owner: "ahead" });
    dispatcher.start();
    // Eight renders at the worker, eight more leased behind them, all from the first statement.
    await expect.poll(() => fake.requests.length).toBe(8);
    expect(await segmentStates(ctx, id)).toEqual([
      { status: "queued", owner: null, attempts: 0, n: 24 },
      { status: "rendering", owner: "ahead", attempts: 1, n: 16 },
    ]);
    expect(dispatcher.stats).toMatchObject({ leased: 16, leaseStatements: 1 });

    const stopping = dispatcher.stop();
    release();
    await stopping;
    // The eight it rendered are stored; the eight it never sent are queued again, their attempt given back.
    expect(fake.requests).toHaveLength(8);
    expect(await segmentStates(ctx, id)).toEqual([
      { status: "queued", owner: null, attempts: 0, n: 32 },
      { status: "done", owner: null, attempts: 1, n: 8 },
    ]);
    // Its queued rest would otherwise be leased by the next test's dispatchers.
    expect((await cancelCampaign(ctx, id)).ok).toBe(true);
  });

  it("does not send a leased segment whose lease it can no longer vouch for (taken over while it waited)", async () => {
    const { fake, pool, release } = await heldWorker(1);
    const { ctx, id } = await launch(2, "taken", pool);
    const logs: Record<string, unknown>[] = [];
    const dispatcher = createDispatcher({ db, pool, pollMs: 20, owner: "slow", leaseMs: 600, log: (entry) => logs.push(entry) });
    dispatcher.start();
    // One render at the worker, the other segment leased behind it.
    await expect.poll(() => fake.requests.length).toBe(1);
    expect(dispatcher.stats.leased).toBe(2);
    // Another dispatcher takes the waiting one over (as after a lease that expired unrenewed).
    await db.execute(sql`
      update segments set lease_owner = 'thief', lease_expires_at = now() + interval '1 hour'
      where status = 'rendering' and lease_owner = 'slow' and text <> ${fake.requests[0]!.text}`);
    // Renewals no longer cover it, so past its lease this dispatcher cannot tell it is still its own.
    await new Promise((resolve) => setTimeout(resolve, 800));
    release();
    await expect.poll(() => logs.some((l) => l.level === "warn" && String(l.msg).startsWith("lease of a segment not sent yet"))).toBe(true);
    await dispatcher.stop();
    expect(fake.requests).toHaveLength(1);
    expect(await segmentStates(ctx, id)).toEqual([
      { status: "rendering", owner: "thief", attempts: 1, n: 1 },
      { status: "done", owner: null, attempts: 1, n: 1 },
    ]);
    expect((await cancelCampaign(ctx, id)).ok).toBe(true);
  });

  it("never hands one segment to two dispatchers: four lease in batches, two stop half-way, each segment renders once", async () => {
    const fake = await worker({ capacity: 4, behave: () => ({ kind: "ok", delayMs: 3 }) });
    const pools = [await poolFor(fake), await poolFor(fake), await poolFor(fake), await poolFor(fake)];
    const { ctx, id } = await launch(160, "shared", pools[0]!);
    const dispatchers = pools.map((pool, i) => createDispatcher({ db, pool, pollMs: 10, owner: `d${i}` }));
    for (const d of dispatchers) d.start();
    await expect.poll(() => fake.requests.length, { interval: 5, timeout: 30_000 }).toBeGreaterThanOrEqual(40);
    // Two leave with leases in hand: what they had sent is stored, the rest goes back for the others.
    await Promise.all([dispatchers[0]!.stop(), dispatchers[1]!.stop()]);
    expect(await waitForCampaign(db, id)).toBe("ready");
    await Promise.all(dispatchers.map((d) => d.stop()));

    const texts = fake.requests.map((r) => r.text);
    expect(texts).toHaveLength(160);
    expect(new Set(texts).size).toBe(160);
    expect(dispatchers.reduce((sum, d) => sum + d.stats.rendered, 0)).toBe(160);
    expect(await segmentStates(ctx, id)).toEqual([{ status: "done", owner: null, attempts: 1, n: 160 }]);
  });
});
