import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, campaignStatus, launchTestCampaign } from "../../helpers/campaign-run";
import { getFreePort, startTestWorker, type TestWorker } from "../../../harness/worker-process";

// .ci/postgres.sh exports PG_BIN. The test restarts a private cluster of its own (same binaries) rather than
// the shared one, so test files running in parallel on the shared cluster are not cut off too.
const PG_BIN = process.env.PG_BIN;
const SKIP_REASON = "needs PG_BIN (source .ci/postgres.sh): restarting the database only exists with a real Postgres";
if (!PG_BIN) console.warn(`[faults] skipping "Postgres restarted mid-campaign": ${SKIP_REASON}`);

const isRoot = process.getuid?.() === 0;
function pg(command: string, args: string[]): void {
  const bin = path.join(PG_BIN!, command);
  if (isRoot) {
    const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
    execFileSync("su", ["postgres", "-s", "/bin/bash", "-c", quoted], { stdio: "ignore" });
  } else {
    execFileSync(bin, args, { stdio: "ignore" });
  }
}

/** Retries a read while the server is down: the test itself must not fail on the fault it injects. */
async function eventually<T>(read: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await read();
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!PG_BIN)("Postgres restarted mid-campaign", () => {
  let dir: string;
  let dataDir: string;
  let port: number;
  let database: Database;
  let worker: TestWorker;
  let pool: WorkerPool;
  let ctx: Ctx;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "voice-pg-restart-"));
    if (isRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
    dataDir = path.join(dir, "data");
    port = await getFreePort();
    pg("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync"]);
    pg("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    database = await openDatabase({ kind: "postgres", url: `postgres://postgres@127.0.0.1:${port}/postgres`, max: 10 });
    await migrateDatabase(database);
    worker = await startTestWorker({ model: { extraFlopsPerSample: 50_000 } });
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
    await pool.probe();
    const organization = await createOrganization(database.db, { name: "Bright Smile Dental", timezone: "America/New_York" });
    ctx = { db: database.db, organization };
  });
  afterAll(async () => {
    await pool?.close();
    await worker?.stop();
    await database?.close().catch(() => {});
    if (dataDir) {
      try {
        pg("pg_ctl", ["-D", dataDir, "-m", "immediate", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps dispatching through a fast restart and ends ready with every segment rendered", async () => {
    const contacts = appointmentContacts(40).map((c, i) => ({ ...c, lastName: `Restart${i}` }));
    const id = await launchTestCampaign(ctx, pool.info()!, { contacts, template: "Good afternoon {{firstName}} {{lastName}}, thanks." });
    const logs: Array<Record<string, unknown>> = [];
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20, leaseMs: 2_000, log: (e) => logs.push(e) });
    const countDone = async () =>
      rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from segments where status = 'done'`))[0]!.n;
    const renders = () => worker.logs().filter((l) => l.path === "/v1/render" && l.status === 200).length;
    const rendersBefore = renders();
    dispatcher.start();
    await expect.poll(countDone, { timeout: 30_000, interval: 20 }).toBeGreaterThanOrEqual(5);

    const started = Date.now();
    pg("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "log"), "-w", "-m", "fast", "restart"]);
    const restartMs = Date.now() - started;

    const deadline = Date.now() + 45_000;
    let status: string | undefined = "rendering";
    while (status === "rendering" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      status = await eventually(() => campaignStatus(ctx.db, id));
    }
    await dispatcher.stop();
    expect(status).toBe("ready");

    const states = rowsOf<{ status: string; n: number; audio: number }>(
      await ctx.db.execute(sql`
        select s.status, count(*)::int as n, count(a.segment_key)::int as audio
        from campaign_segments cs join segments s on s.key = cs.segment_key left join segment_audio a on a.segment_key = s.key
        where cs.campaign_id = ${id} group by 1`),
    );
    expect(states).toEqual([{ status: "done", n: 40, audio: 40 }]);
    const dbErrors = logs.filter((l) => l.level === "error");
    console.log(
      `[faults] postgres restart: took ${restartMs} ms; dispatcher logged ${dbErrors.length} database errors ` +
        `(${[...new Set(dbErrors.map((e) => e.msg))].join(", ")}); ${renders() - rendersBefore} renders for 40 segments; stats ${JSON.stringify(dispatcher.stats)}`,
    );
    // The restart must have been felt (postgres.js reconnected by itself afterwards).
    expect(dbErrors.length).toBeGreaterThan(0);
    // A render whose store failed is re-leased after its lease expires: at most those render twice.
    const storeFailures = dbErrors.filter((e) => e.msg === "storing a render outcome failed").length;
    expect(renders() - rendersBefore).toBeLessThanOrEqual(40 + storeFailures);
    expect(dispatcher.stats.failed).toBe(0);
  });
});
