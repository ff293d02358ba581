import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { schedules } from "@/drizzle/schema";
import { carrierSettingsSchema, deriveCredentialKey, placeDueCalls, saveCarrierSettings, type CallsConfig } from "@/lib/calls";
import { createCampaign } from "@/lib/campaigns";
import { addContactsToList, createContactList } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { rowsOf, type Db } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createSchedule, getScheduleDetail, runDueSchedules, scheduleInputSchema, startScheduledCalls, updateSchedule, type ScheduleInput } from "@/lib/schedules";
import { WorkerPool } from "@/lib/worker-client";
import { startCarrierSimulator, type CarrierSimulator } from "../../../harness/carrier-simulator";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { renderCallSentences, startCarrierFacingServer, zoneInsideWindow } from "../../../harness/carrier-facing-server";
import { waitForCampaign } from "../../helpers/campaign-run";
import { describeEachDatabase } from "../../helpers/test-db";

const TEMPLATE = "Hi {{firstName}}, Lakeside Clinic here about your visit on {{appointment.date}} at {{appointment.time}}.";

describeEachDatabase("schedules that deliver by phone", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  let sim: CarrierSimulator;
  let server: Awaited<ReturnType<typeof startCarrierFacingServer>>;
  let config: CallsConfig;
  let zone: string;
  let sourceId = "";
  let phone = 3125557000;

  const deliveriesOf = async (db: Db, campaignId: string) =>
    rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from call_deliveries where campaign_id = ${campaignId}`))[0]!.n;

  /** A list of `n` fresh contacts with an appointment tomorrow (local): what one test's schedule picks. */
  async function listWithAppointments(db: Db, name: string, n: number) {
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).set({ hour: 11, minute: 30 }).toJSDate();
    const phones = Array.from({ length: n }, () => `+1${phone++}`);
    const ids = await seedContacts(db, ctx.organization.id, phones.map((p, i) => ({ firstName: `${name}${i}`, phone: p, appointment: { startsAt: tomorrow } })));
    const list = await createContactList(ctx, name);
    if (!list.ok) throw new Error(list.error.message);
    await addContactsToList(ctx, list.value.id, ids);
    return { listId: list.value.id, phones };
  }

  /** Creates a schedule whose next slot is a minute from now and runs that slot; returns the slot's campaign. */
  async function runOneSlot(db: Db, input: Partial<ScheduleInput>) {
    const slot = DateTime.now().setZone(zone).plus({ minutes: 1 }).startOf("minute");
    const created = await createSchedule(ctx, { name: "Tomorrow by phone", campaignId: sourceId, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: slot.toFormat("HH:mm"), daysAhead: 1, ...input });
    if (!created.ok) throw new Error(created.error.message);
    const tick = await runDueSchedules({ db, worker: pool.info(), now: slot.plus({ seconds: 5 }).toJSDate() });
    expect(tick).toEqual({ launched: 1, skipped: 0, failed: 0 });
    const detail = await getScheduleDetail(ctx, created.value.id);
    if (!detail.ok) throw new Error(detail.error.message);
    return { schedule: created.value, campaignId: detail.value.runs[0]!.campaignId! };
  }

  async function render(db: Db, campaignId: string) {
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    try {
      expect(await waitForCampaign(db, campaignId)).toBe("ready");
    } finally {
      await dispatcher.stop();
    }
  }

  /** Places the due calls until nothing is due, letting each one play out at the simulator. */
  async function drive(db: Db) {
    // Calls wait for their key prompt and answers to have audio: render them first, as the dispatcher would.
    await renderCallSentences(db, pool);
    for (let round = 0; round < 30; round++) {
      const summary = await placeDueCalls({ db, config, limit: 20 });
      await sim.idle();
      if (summary.done + summary.retrying + summary.dead + summary.lost === 0) return;
    }
    throw new Error("calls kept coming");
  }

  async function runOf(scheduleId: string) {
    const detail = await getScheduleDetail(ctx, scheduleId);
    if (!detail.ok) throw new Error(detail.error.message);
    return detail.value.runs[0]!;
  }

  beforeAll(async () => {
    const { db } = getDb();
    zone = zoneInsideWindow();
    ctx = { db, organization: await createOrganization(db, { name: "Lakeside Clinic", timezone: zone }) };
    fake = await startFakeWorker({ capacity: 2 });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
    sim = await startCarrierSimulator({ defaultAnswer: { kind: "human", keys: ["1"] } });
    server = await startCarrierFacingServer(db, randomBytes(32));
    config = server.config(deriveCredentialKey("a test secret of at least thirty-two characters"));
    const source = await createCampaign(ctx, { name: "Reminder template", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] } }, TEST_WORKER);
    if (!source.ok) throw new Error(source.error.message);
    sourceId = source.value.id;
  }, 60_000);

  // A tick runs every schedule in the database: each test's schedules stop when it ends.
  afterEach(async () => {
    await getDb().db.update(schedules).set({ isPaused: true });
  });

  afterAll(async () => {
    await sim?.close();
    await server?.close();
    await pool?.close();
    await fake?.close();
  });

  it("refuses phone delivery while the organisation has no carrier, and delivers files by default", async () => {
    const { db } = getDb();
    const { listId } = await listWithAppointments(db, "No carrier", 1);
    const input = { name: "By phone", campaignId: sourceId, weekdays: [1], localTime: "17:00", daysAhead: 1, listId };
    expect(scheduleInputSchema.parse(input).delivery).toBe("files");
    expect(() => scheduleInputSchema.parse({ ...input, delivery: "fax" })).toThrow(/Deliver by/);
    const refused = await createSchedule(ctx, { ...input, delivery: "calls" });
    expect(refused.ok || refused.error).toMatchObject({ code: "carrier_not_configured", message: expect.stringMatching(/Settings → Phone calls/) });
    const files = await createSchedule(ctx, input);
    if (!files.ok) throw new Error(files.error.message);
    expect(files.value.delivery).toBe("files");
    const edited = await updateSchedule(ctx, files.value.id, { ...input, delivery: "calls" });
    expect(edited.ok || edited.error.code).toBe("carrier_not_configured");
    expect((await runOf(files.value.id).catch(() => null))?.id).toBeUndefined();

    // Connected from here on, for the tests below.
    const saved = await saveCarrierSettings(
      ctx,
      carrierSettingsSchema.parse({ provider: "twilio", baseUrl: sim.baseUrl, accountSid: sim.accountSid, authToken: sim.authToken, callerId: "+1 312 555 0100", weekdays: [1, 2, 3, 4, 5, 6, 7], callsPerSecond: 10 }),
      config,
    );
    if (!saved.ok) throw new Error(saved.error.message);
    const accepted = await updateSchedule(ctx, files.value.id, { ...input, delivery: "calls" });
    expect(accepted.ok && accepted.value.delivery).toBe("calls");
  });

  it("calls each recipient of a phone schedule's slot exactly once, only after its audio is rendered", async () => {
    const { db } = getDb();
    const { listId, phones } = await listWithAppointments(db, "By phone", 3);
    const { schedule, campaignId } = await runOneSlot(db, { listId, delivery: "calls" });
    expect(schedule.delivery).toBe("calls");

    // Still rendering: nothing is queued yet, and the run waits.
    expect(await startScheduledCalls({ db, config })).toEqual({ started: 0, rendering: 1, notStarted: 0 });
    expect(await deliveriesOf(db, campaignId)).toBe(0);

    await render(db, campaignId);
    // Two ticks at once (two processes), then a later one: the calls start once.
    const ticks = await Promise.all([startScheduledCalls({ db, config }), startScheduledCalls({ db, config })]);
    expect(ticks.reduce((n, t) => n + t.started, 0)).toBe(1);
    expect(await startScheduledCalls({ db, config })).toEqual({ started: 0, rendering: 0, notStarted: 0 });
    expect(await deliveriesOf(db, campaignId)).toBe(3);
    const run = await runOf(schedule.id);
    expect(run).toMatchObject({ status: "launched", callsQueued: 3, callsStartedAt: expect.any(String) });

    await drive(db);
    for (const p of phones) expect(sim.callsTo(p).map((c) => c.status)).toEqual(["completed"]);
  });

  it("places no call for a schedule that delivers files", async () => {
    const { db } = getDb();
    const { listId, phones } = await listWithAppointments(db, "Files", 2);
    const { schedule, campaignId } = await runOneSlot(db, { listId });
    await render(db, campaignId);
    expect(await startScheduledCalls({ db, config })).toEqual({ started: 0, rendering: 0, notStarted: 0 });
    await drive(db);
    expect(await deliveriesOf(db, campaignId)).toBe(0);
    for (const p of phones) expect(sim.callsTo(p)).toEqual([]);
    expect(await runOf(schedule.id)).toMatchObject({ status: "launched", callsStartedAt: null, callsQueued: null });
  });

  it("queues the calls once when a tick dies half-way and then runs twice", async () => {
    const { db } = getDb();
    const { listId, phones } = await listWithAppointments(db, "Crash", 3);
    const { schedule, campaignId } = await runOneSlot(db, { listId, delivery: "calls" });
    await render(db, campaignId);

    // The tick dies after claiming the run and while queuing the calls (the database refuses the second one).
    await db.execute(sql`create or replace function fail_second_delivery() returns trigger language plpgsql as $$
      begin
        if (select count(*) from call_deliveries where campaign_id = new.campaign_id) >= 1 then raise exception 'tick killed'; end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger fail_second_delivery before insert on call_deliveries for each row execute function fail_second_delivery()`);
    try {
      await expect(startScheduledCalls({ db, config })).rejects.toThrow();
    } finally {
      await db.execute(sql`drop trigger fail_second_delivery on call_deliveries`);
      await db.execute(sql`drop function fail_second_delivery()`);
    }
    expect(await deliveriesOf(db, campaignId)).toBe(0);
    expect(await runOf(schedule.id)).toMatchObject({ callsStartedAt: null });

    expect((await startScheduledCalls({ db, config })).started).toBe(1);
    expect((await startScheduledCalls({ db, config })).started).toBe(0);
    expect(await deliveriesOf(db, campaignId)).toBe(3);
    await drive(db);
    for (const p of phones) expect(sim.callsTo(p)).toHaveLength(1);
  });

  it("records why the calls did not start when the carrier was removed after the slot ran", async () => {
    const { db } = getDb();
    const { listId, phones } = await listWithAppointments(db, "Removed", 1);
    const { schedule, campaignId } = await runOneSlot(db, { listId, delivery: "calls" });
    await render(db, campaignId);
    await db.execute(sql`delete from carrier_settings where organization_id = ${ctx.organization.id}`);
    expect(await startScheduledCalls({ db, config })).toEqual({ started: 0, rendering: 0, notStarted: 1 });
    expect(await startScheduledCalls({ db, config })).toEqual({ started: 0, rendering: 0, notStarted: 0 });
    expect(await runOf(schedule.id)).toMatchObject({ callsQueued: null, message: expect.stringMatching(/not started: Set up phone calls first/) });
    expect(await deliveriesOf(db, campaignId)).toBe(0);
    expect(sim.callsTo(phones[0]!)).toEqual([]);
  });
});
