import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db";
import { startTestWorker, type TestWorker } from "../../../harness/worker-process";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SCRIPT = path.join(REPO_ROOT, "harness/dispatcher-process.ts");
const SKIP_REASON = "needs TEST_DATABASE_URL: PGlite is single-process, so a second web process only exists with Postgres";

const hasPostgres = Boolean(inject("pgTemplateDatabase"));
if (!hasPostgres) console.warn(`[faults] skipping "web process killed mid-campaign": ${SKIP_REASON}`);

function startDispatcherProcess(env: Record<string, string>, args: string[]) {
  const lines: Array<Record<string, unknown>> = [];
  let stderr = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), SCRIPT, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let partial = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, lines, exited, stderr: () => stderr };
}

describe.skipIf(!hasPostgres)("web process killed mid-campaign [postgres]", () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let pool: WorkerPool;
  let ctx: Ctx;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // A slower tiny model keeps renders in flight long enough to be caught by the kill.
    worker = await startTestWorker({ model: { extraFlopsPerSample: 50_000 } });
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
    await pool.probe();
    ctx = { db: database.db, organization: database.organization };
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await pool?.close();
    await worker?.stop();
    await database?.close();
  });

  it("finishes the campaign after a SIGKILLed dispatcher, re-rendering only the segments it held leased", async () => {
    const contacts = appointmentContacts(40).map((c, i) => ({ ...c, lastName: `Kill${i}` }));
    const id = await launchTestCampaign(ctx, pool.info()!, { contacts, template: "Good morning {{firstName}} {{lastName}}, see you soon." });
    const segments = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from campaign_segments where campaign_id = ${id}`))[0]!.n;
    expect(segments).toBe(40); // one sentence per contact: every segment differs
    const renders = () => worker.logs().filter((l) => l.path === "/v1/render").length;
    const rendersBefore = renders();
    const common = { DATABASE_URL: database.url!, WORKER_URL: worker.url, WORKER_TOKEN: worker.token ?? "" };

    const first = startDispatcherProcess({ ...common, DISPATCHER_OWNER: "web-1" }, ["--lease-ms", "2000"]);
    children.push(first.child);
    const countDone = async () =>
      rowsOf<{ n: number }>(
        await ctx.db.execute(sql`select count(*)::int as n from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${id} and s.status = 'done'`),
      )[0]!.n;
    await expect.poll(countDone, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(5);
    first.child.kill("SIGKILL");
    expect(await first.exited).toMatchObject({ signal: "SIGKILL" });

    // Postgres rolled back whatever the dead process had open; its leases are what it left behind.
    const leasedAtKill = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from segments where lease_owner = 'web-1' and status = 'rendering'`),
    )[0]!.n;
    const doneAtKill = await countDone();
    expect(leasedAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(segments);

    const second = startDispatcherProcess({ ...common, DISPATCHER_OWNER: "web-2" }, ["--lease-ms", "2000"]);
    children.push(second.child);
    expect(await waitForCampaign(ctx.db, id, 45_000)).toBe("ready");
    second.child.kill("SIGTERM");
    expect(await second.exited).toMatchObject({ code: 0 });

    const states = rowsOf<{ status: string; n: number; audio: number }>(
      await ctx.db.execute(sql`
        select s.status, count(*)::int as n, count(a.segment_key)::int as audio
        from campaign_segments cs join segments s on s.key = cs.segment_key left join segment_audio a on a.segment_key = s.key
        where cs.campaign_id = ${id} group by 1`),
    );
    expect(states).toEqual([{ status: "done", n: segments, audio: segments }]);
    const total = renders() - rendersBefore;
    console.log(`[faults] web kill: ${segments} segments, ${doneAtKill} done and ${leasedAtKill} leased at kill, ${total} worker renders`);
    expect(total).toBeGreaterThanOrEqual(segments);
    expect(total).toBeLessThanOrEqual(segments + leasedAtKill);
    expect(second.lines.some((l) => l.msg === "dispatcher started")).toBe(true);
    expect(`${first.stderr()}${second.stderr()}`).not.toMatch(/Error/);
  });
});
