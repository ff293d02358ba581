import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

const NAMES = "Ada Bea Cal Dee Eli Fay Gus Hal Ivy Jon Kit Liv".split(" ");
const SWAPPED = new Set(["Cal", "Hal", "Liv"]);

describeEachDatabase("a worker answering with a different model version", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    // Readiness says "tiny-1"; some 200 answers claim "tiny-2", as if the worker was upgraded mid-campaign.
    fake = await startFakeWorker({
      modelVersion: "tiny-1",
      behave: ({ text }) => ([...SWAPPED].some((n) => text.includes(n)) ? { kind: "ok", modelVersion: "tiny-2" } : { kind: "ok" }),
    });
    pool = new WorkerPool({ urls: [fake.url], renderDeadlineMs: 5_000 });
    await pool.probe();
  });
  afterAll(async () => {
    await pool?.close();
    await fake?.close();
  });

  it("fails only the mismatched segments with the model-mismatch reason, stores none of their audio, and ends partially_failed", async () => {
    const contacts = appointmentContacts(12).map((c, i) => ({ ...c, firstName: NAMES[i]! }));
    const id = await launchTestCampaign(ctx, pool.info()!, { contacts, template: "Hello {{firstName}}." });
    const logs: Array<Record<string, unknown>> = [];
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20, maxAttempts: 3, log: (e) => logs.push(e) });
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, id, 20_000)).toBe("partially_failed");
    await dispatcher.stop();

    const rows = rowsOf<{ text: string; status: string; last_error: string | null; attempts: number; has_audio: boolean }>(
      await ctx.db.execute(sql`
        select s.text, s.status, s.last_error, s.attempts, exists (select 1 from segment_audio a where a.segment_key = s.key) as has_audio
        from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${id} order by s.text`),
    );
    expect(rows).toHaveLength(12);
    const failed = rows.filter((r) => r.status === "failed");
    expect(failed.map((r) => r.text.replace(/\W/g, " ").trim().split(/\s+/)[1]).sort()).toEqual([...SWAPPED].sort());
    for (const row of failed) {
      expect(row.last_error).toMatch(/^synthesis_failed: The worker now runs kokoro tiny-2, but this segment was planned for kokoro tiny-1\./);
      expect(row.attempts).toBe(1); // not retried: retrying cannot bring the old model back
      expect(row.has_audio).toBe(false);
    }
    expect(rows.filter((r) => r.status === "done" && r.has_audio)).toHaveLength(9);
    // Each segment reached the worker exactly once.
    expect(fake.requests).toHaveLength(12);
    // The dispatcher logs segment keys and reasons, never the message text (patients' names).
    expect(logs.filter((l) => l.msg === "segment failed")).toHaveLength(3);
    expect(logs.filter((l) => l.msg === "segment rendered")).toHaveLength(9);
    for (const entry of logs) expect(entry.segment).toMatch(/^[0-9a-f]{64}$/);
    const logged = JSON.stringify(logs);
    for (const name of NAMES) expect(logged).not.toContain(name);
  });
});
