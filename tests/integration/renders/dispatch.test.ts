import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assembleMessageAudio } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { describeEachDatabase } from "../../helpers/test-db";
import { startTestWorker, type TestWorker } from "../../../harness/worker-process";

const renderRequests = (worker: TestWorker) =>
  worker.logs().filter((l) => l.path === "/v1/render" && l.status === 200).length;

describeEachDatabase("dispatching renders to a real worker", (getDb) => {
  let worker: TestWorker;
  let pool: WorkerPool;
  let ctx: Ctx;

  beforeAll(async () => {
    worker = await startTestWorker();
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined, renderDeadlineMs: 30_000 });
    await pool.probe();
    ctx = { db: getDb().db, organization: getDb().organization };
  });
  afterAll(async () => {
    await pool?.close();
    await worker?.stop();
  });

  it("renders each distinct segment of a 200-recipient campaign exactly once and ends ready", async () => {
    const info = pool.info()!;
    const id = await launchTestCampaign(ctx, info, { contacts: appointmentContacts(200) });
    const before = renderRequests(worker);
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 50 });
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, id)).toBe("ready");
    await dispatcher.stop();
    const segments = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from campaign_segments where campaign_id = ${id}`))[0]!.n;
    // 12 greetings + 6 appointment slots + "Press one to confirm."
    expect(segments).toBe(19);
    // The worker logs a request after answering it, and its log reaches the test through a pipe: wait for the line.
    await expect.poll(() => renderRequests(worker) - before).toBe(segments);
    expect(dispatcher.stats).toMatchObject({ rendered: segments, failed: 0 });

    const [recipient] = rowsOf<{ key: string }>(await ctx.db.execute(sql`select message_key as key from campaign_recipients where campaign_id = ${id} limit 1`));
    const audio = await assembleMessageAudio(ctx.db, recipient!.key, "wav");
    if (!audio.ok) throw new Error(audio.error.message);
    expect(audio.value.bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(audio.value.durationMs).toBeGreaterThan(300);
  });

  it("never renders a segment twice with two dispatchers running at once", async () => {
    const info = pool.info()!;
    // A distinct number per contact: 200 segments that differ, shared out between two dispatchers.
    await ctx.db.execute(sql`update contacts set attributes = jsonb_build_object('n', right(phone, 4))`);
    const second = await launchTestCampaign(ctx, info, { template: "Dear {{firstName}}, your code is {{custom.n}}.", name: "two" });
    const before = renderRequests(worker);
    const a = createDispatcher({ db: ctx.db, pool, pollMs: 20, owner: "a" });
    const b = createDispatcher({ db: ctx.db, pool, pollMs: 20, owner: "b" });
    a.start();
    b.start();
    expect(await waitForCampaign(ctx.db, second)).toBe("ready");
    await Promise.all([a.stop(), b.stop()]);
    const total = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from campaign_segments where campaign_id = ${second}`))[0]!.n;
    expect(a.stats.rendered + b.stats.rendered).toBe(total);
    await expect.poll(() => renderRequests(worker) - before).toBe(total);
    expect(a.stats.rendered).toBeGreaterThan(0);
    expect(b.stats.rendered).toBeGreaterThan(0);
  });

  it("finishes a campaign with nothing lost when the worker is killed mid-campaign and restarted", async () => {
    const info = pool.info()!;
    const id = await launchTestCampaign(ctx, info, { template: "Good evening {{firstName}} {{lastName}}, thank you.", name: "kill" });
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 50, leaseMs: 5_000 });
    dispatcher.start();
    await expect.poll(() => dispatcher.stats.rendered, { timeout: 30_000, interval: 20 }).toBeGreaterThan(3);
    worker.kill();
    await worker.exited();
    await new Promise((r) => setTimeout(r, 500));
    await worker.restart();
    expect(await waitForCampaign(ctx.db, id, 90_000)).toBe("ready");
    await dispatcher.stop();
    const states = rowsOf<{ status: string; n: number }>(
      await ctx.db.execute(sql`select s.status, count(*)::int as n from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${id} group by 1`),
    );
    expect(states).toEqual([{ status: "done", n: 200 }]);
    expect(worker.networkAttempts()).toEqual([]);
  });
});
