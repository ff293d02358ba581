import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { carrierSettingsSchema, deriveCredentialKey, saveCarrierSettings, type CallsConfig } from "@/lib/calls";
import { createCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createSchedule, getScheduleDetail, runDueSchedules, startScheduledCalls } from "@/lib/schedules";
import { WorkerPool } from "@/lib/worker-client";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { zoneInsideWindow } from "../../../harness/carrier-facing-server";
import { waitForCampaign } from "../../helpers/campaign-run";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db";

const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(REPO_ROOT, "tests/helpers/scheduled-calls-process.ts");
const SECRET = "a test secret of at least thirty-two characters";
const hasPostgres = Boolean(inject("pgTemplateDatabase"));
if (!hasPostgres) console.warn('[schedules] skipping "a process killed while starting calls": a second process only exists with Postgres');

describe.skipIf(!hasPostgres)("a process killed while starting a schedule run's calls [postgres]", () => {
  let database: TestDatabase;
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    ctx = { db: database.db, organization: await createOrganization(database.db, { name: "Lakeside Clinic", timezone: zoneInsideWindow() }) };
    fake = await startFakeWorker({ capacity: 2 });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
  });
  afterAll(async () => {
    await pool?.close();
    await fake?.close();
    await database?.close();
  });

  it("leaves the run unclaimed, so the next pass queues its calls, once", async () => {
    const { db } = database;
    const zone = ctx.organization.timezone;
    const config: CallsConfig = { publicUrl: "http://127.0.0.1:9", credentialKey: deriveCredentialKey(SECRET), signing: { key: Buffer.alloc(32, 1) }, guard: { allowPrivate: true } };
    const saved = await saveCarrierSettings(ctx, carrierSettingsSchema.parse({ provider: "twilio", baseUrl: "http://127.0.0.1:9", accountSid: "AC123", authToken: "token", callerId: "+1 312 555 0100", weekdays: [1, 2, 3, 4, 5, 6, 7] }), config);
    if (!saved.ok) throw new Error(saved.error.message);
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).set({ hour: 11 }).toJSDate();
    await seedContacts(db, ctx.organization.id, ["+13125557801", "+13125557802", "+13125557803"].map((phone, i) => ({ firstName: `P${i}`, phone, appointment: { startsAt: tomorrow } })));
    const source = await createCampaign(ctx, { name: "Source", template: "Hi {{firstName}}, see you on {{appointment.date}}.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } }, TEST_WORKER);
    if (!source.ok) throw new Error(source.error.message);
    const slot = DateTime.now().setZone(zone).plus({ minutes: 1 }).startOf("minute");
    const schedule = await createSchedule(ctx, { name: "By phone", campaignId: source.value.id, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: slot.toFormat("HH:mm"), daysAhead: 1, delivery: "calls" });
    if (!schedule.ok) throw new Error(schedule.error.message);
    expect(await runDueSchedules({ db, worker: pool.info(), now: slot.plus({ seconds: 5 }).toJSDate() })).toMatchObject({ launched: 1 });
    const campaignId = (await getScheduleDetail(ctx, schedule.value.id).then((d) => (d.ok ? d.value.runs[0]!.campaignId : null)))!;
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    expect(await waitForCampaign(db, campaignId)).toBe("ready");
    await dispatcher.stop();

    // The process stalls inside its transaction, after claiming the run, while queuing the second call.
    await db.execute(sql.raw(`create function stall_second_delivery() returns trigger language plpgsql as $$
      begin
        if (select count(*) from call_deliveries) >= 1 then perform pg_sleep(3); end if;
        return new;
      end $$`));
    await db.execute(sql.raw("create trigger stall_second_delivery before insert on call_deliveries for each row execute function stall_second_delivery()"));
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: database.url!, CREDENTIAL_SECRET: SECRET },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    for (let i = 0; i < 300 && !out.includes('"ready"'); i++) await new Promise((r) => setTimeout(r, 100));
    child.stdin.write("go\n");
    const sleeping = async () => rowsOf<{ pid: number }>(await db.execute(sql`select pid from pg_stat_activity where wait_event = 'PgSleep' and datname = current_database()`));
    let stalled: { pid: number }[] = [];
    for (let i = 0; i < 300 && stalled.length === 0; i++) {
      stalled = await sleeping();
      if (stalled.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(stalled).toHaveLength(1);
    child.kill("SIGKILL");
    await exited;
    expect(out).not.toContain('"done"');
    // The server rolls the dead connection's transaction back once it finds the client gone.
    for (let i = 0; i < 200; i++) {
      const [alive] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_stat_activity where pid = ${stalled[0]!.pid}`));
      if (alive!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await db.execute(sql.raw("drop trigger stall_second_delivery on call_deliveries"));
    await db.execute(sql.raw("drop function stall_second_delivery()"));

    const deliveries = async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from call_deliveries where campaign_id = ${campaignId}`))[0]!.n;
    expect(await deliveries()).toBe(0);
    expect((await getScheduleDetail(ctx, schedule.value.id).then((d) => (d.ok ? d.value.runs[0] : null)))?.callsStartedAt).toBeNull();
    expect((await startScheduledCalls({ db, config })).started).toBe(1);
    expect((await startScheduledCalls({ db, config })).started).toBe(0);
    expect(await deliveries()).toBe(3);
  });
});
