import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callAttempts, callDeliveries, jobs } from "@/drizzle/schema";
import { carrierSettingsSchema, deriveCredentialKey, getCallReport, placeDueCalls, saveCarrierSettings, startCampaignCalls, type CallsConfig } from "@/lib/calls";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createOrganization } from "@/lib/organizations";
import { WorkerPool } from "@/lib/worker-client";
import { startCarrierSimulator, type CarrierSimulator } from "../../../harness/carrier-simulator";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { renderCallSentences, startCarrierFacingServer, zoneInsideWindow } from "../../../harness/carrier-facing-server";
import { waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const PLACER = path.join(REPO_ROOT, "tests/helpers/call-placer-process.ts");
const SECRET = "a test secret of at least thirty-two characters";

type Setup = { ctx: Ctx; fake: FakeWorker; pool: WorkerPool; sim: CarrierSimulator; server: Awaited<ReturnType<typeof startCarrierFacingServer>>; config: CallsConfig; signingKey: Buffer; campaignId: string };

/** An organisation with `phones` as contacts, a rendered campaign to all of them, and carrier settings pointing at a simulator. */
async function setUp(db: Db, phones: string[], callsPerSecond: number): Promise<Setup> {
  const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Crash Clinic", timezone: zoneInsideWindow() }) };
  const fake = await startFakeWorker({ capacity: 2 });
  const pool = new WorkerPool({ urls: [fake.url] });
  await pool.probe();
  const sim = await startCarrierSimulator({ defaultAnswer: { kind: "human", keys: ["1"] } });
  const signingKey = randomBytes(32);
  const server = await startCarrierFacingServer(db, signingKey);
  const config = server.config(deriveCredentialKey(SECRET));
  await seedContacts(
    db,
    ctx.organization.id,
    phones.map((phone, i) => ({ firstName: `P${i}`, phone })),
  );
  const created = await createCampaign(ctx, { name: "Crash", template: "Hi {{firstName}}, a reminder from the clinic.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  if (!(await launchCampaign(ctx, created.value.id, pool.info()!)).ok) throw new Error("launch failed");
  const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
  dispatcher.start();
  expect(await waitForCampaign(db, created.value.id)).toBe("ready");
  await dispatcher.stop();
  const settings = carrierSettingsSchema.parse({ provider: "twilio", baseUrl: sim.baseUrl, accountSid: sim.accountSid, authToken: sim.authToken, callerId: "+13125550100", weekdays: [1, 2, 3, 4, 5, 6, 7], callsPerSecond, retries: 0 });
  const saved = await saveCarrierSettings(ctx, settings, config);
  if (!saved.ok) throw new Error(saved.error.message);
  return { ctx, fake, pool, sim, server, config, signingKey, campaignId: created.value.id };
}

async function tearDown(s: Setup | undefined) {
  await s?.sim.close();
  await s?.server.close();
  await s?.pool.close();
  await s?.fake.close();
}

describeEachDatabase("an interrupted call attempt", (getDb) => {
  let s: Setup | undefined;
  const PHONE = "+13125550201";
  const OTHER = "+13125550202";
  beforeAll(async () => {
    s = await setUp(getDb().db, [PHONE, OTHER], 10);
  }, 120_000);
  afterAll(() => tearDown(s));

  it("is resolved by asking the carrier, never by calling again", async () => {
    const { db } = getDb();
    const { sim, ctx, config } = s!;
    // Nobody answers and no callback comes: only the carrier's list can tell that the call exists.
    sim.answer(PHONE, { kind: "no-answer" });
    expect(await startCampaignCalls(ctx, s!.campaignId, config)).toMatchObject({ ok: true, value: { queued: 2 } });
    const attempts = await db
      .select({ id: callAttempts.id, phone: callDeliveries.phone })
      .from(callAttempts)
      .innerJoin(callDeliveries, eq(callDeliveries.id, callAttempts.deliveryId))
      .where(eq(callDeliveries.campaignId, s!.campaignId));
    const interrupted = attempts.find((a) => a.phone === PHONE)!;
    const neverSent = attempts.find((a) => a.phone === OTHER)!;
    // The placer marked both 'creating'; one request reached the carrier, then it died before saving the sid.
    const creatingAt = new Date(Date.now() - 1000);
    await db.update(callAttempts).set({ state: "creating", creatingAt }).where(inArray(callAttempts.id, [interrupted.id, neverSent.id]));
    const form = new URLSearchParams({ To: PHONE, From: "+13125550100", Url: `${config.publicUrl}/api/carrier/voice?a=${interrupted.id}&r=1&q=0` });
    const created = await fetch(`${sim.baseUrl}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const sid = ((await created.json()) as { sid: string }).sid;

    await placeDueCalls({ db, config });
    await sim.idle();
    expect(sim.callsTo(PHONE)).toHaveLength(1);
    expect(sim.callsTo(OTHER)).toHaveLength(1);
    const [row] = await db.select({ sid: callAttempts.carrierSid, state: callAttempts.state }).from(callAttempts).where(eq(callAttempts.id, interrupted.id));
    expect(row).toEqual({ sid, state: "placed" });
    // Nothing is left to do for either attempt.
    const left = await db.select({ status: jobs.status }).from(jobs).where(inArray(jobs.key, [interrupted.id, neverSent.id]));
    expect(left.map((j) => j.status)).toEqual(["done", "done"]);
  }, 60_000);

  it("ends a delivery as failed when the carrier stays unreachable, never leaving it in progress", async () => {
    const { db } = getDb();
    const { ctx, config, pool } = s!;
    await seedContacts(db, ctx.organization.id, [{ firstName: "Una", phone: "+13125550203" }]);
    const created = await createCampaign(ctx, { name: "Unreachable", template: "Hi {{firstName}}, a reminder.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    await launchCampaign(ctx, created.value.id, pool.info()!);
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    expect(await waitForCampaign(db, created.value.id)).toBe("ready");
    await dispatcher.stop();
    // Nothing listens on port 9.
    const down = carrierSettingsSchema.parse({ provider: "twilio", baseUrl: "http://127.0.0.1:9", accountSid: s!.sim.accountSid, authToken: s!.sim.authToken, callerId: "+13125550100", weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect((await saveCarrierSettings(ctx, down, config)).ok).toBe(true);
    // The two numbers called earlier today wait for tomorrow (the cap); only Una's call goes to the carrier.
    expect(await startCampaignCalls(ctx, created.value.id, config)).toMatchObject({ ok: true, value: { queued: 3 } });
    const report = async () => {
      const r = await getCallReport(ctx, created.value.id);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.recipients.find((x) => x.phone === "+13125550203")!;
    };
    expect(await placeDueCalls({ db, config })).toMatchObject({ retrying: 3 });
    expect(await report()).toMatchObject({ outcome: null, attempts: [{ state: "creating" }] });
    // As if it had failed six more times.
    const [una] = await db
      .select({ id: callAttempts.id })
      .from(callAttempts)
      .innerJoin(callDeliveries, eq(callDeliveries.id, callAttempts.deliveryId))
      .where(and(eq(callDeliveries.campaignId, created.value.id), eq(callDeliveries.phone, "+13125550203")));
    const attemptId = una!.id;
    await db.update(jobs).set({ attempts: 7, runAt: new Date() }).where(eq(jobs.key, attemptId));
    expect(await placeDueCalls({ db, config })).toMatchObject({ dead: 1 });
    expect(await report()).toMatchObject({ outcome: "failed", outcomeDetail: expect.stringMatching(/carrier.*after 8 tries.*may have been placed/) });
  }, 60_000);
});

const hasPostgres = Boolean(inject("pgTemplateDatabase"));
if (!hasPostgres) console.warn('[calls] skipping "placer killed mid-delivery": needs TEST_DATABASE_URL (PGlite is single-process)');

function startPlacer(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), PLACER], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<string | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  return { child, exited, output: () => `${out}\n${err}` };
}

describe.skipIf(!hasPostgres)("a call placer killed mid-delivery [postgres]", () => {
  let database: TestDatabase;
  let s: Setup | undefined;
  const phones = Array.from({ length: 12 }, (_, i) => `+1312555${String(300 + i).padStart(4, "0")}`);
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    s = await setUp(database.db, phones, 4);
  }, 120_000);
  afterAll(async () => {
    await tearDown(s);
    await database?.close();
  });

  it("calls nobody twice after kill -9 and a restart", async () => {
    const { sim, ctx, config } = s!;
    expect(await startCampaignCalls(ctx, s!.campaignId, config)).toMatchObject({ ok: true, value: { queued: phones.length } });
    // Calls wait for their own sentences' audio: rendered first, so the placers have calls to place.
    await renderCallSentences(database.db, s!.pool);
    const env = { DATABASE_URL: database.url!, PUBLIC_URL: config.publicUrl, CREDENTIAL_SECRET: SECRET, SIGNING_KEY: s!.signingKey.toString("hex") };
    const first = startPlacer(env);
    const deadline = Date.now() + 60_000;
    while (sim.calls.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    expect(await first.exited, first.output()).toBe("SIGKILL");
    const placedBeforeKill = sim.calls.length;
    expect(placedBeforeKill).toBeGreaterThanOrEqual(4);
    expect(placedBeforeKill).toBeLessThan(phones.length);

    // A new process, its clock past the dead one's leases (90 s).
    const second = startPlacer({ ...env, CLOCK_OFFSET_MS: "120000" });
    const until = Date.now() + 90_000;
    for (;;) {
      const report = await getCallReport(ctx, s!.campaignId);
      if (report.ok && report.value.summary.in_progress === 0) break;
      if (Date.now() > until) throw new Error(`calls did not finish: ${second.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await sim.idle();
    second.child.kill("SIGTERM");
    await second.exited;
    for (const phone of phones) expect(sim.callsTo(phone), phone).toHaveLength(1);
    expect(sim.maxConcurrentCreatesPerSecond()).toBeLessThanOrEqual(4);
    const report = await getCallReport(ctx, s!.campaignId);
    expect(report.ok && report.value.summary.confirmed).toBe(phones.length);
    // The call's own sentences were rendered before the first call: nothing is said by the carrier's voice.
    expect(sim.calls.flatMap((c) => c.said)).toEqual([]);
    expect(sim.callsTo(phones[0]!)[0]!.played).toHaveLength(3);
  }, 240_000);
});
