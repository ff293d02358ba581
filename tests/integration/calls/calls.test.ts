import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaignEvents, webhookEvents } from "@/drizzle/schema";
import { answerSegmentKeys, callReportCsv, deriveCredentialKey, placeTestCall, stopCampaignCalls, getCallReport, getCarrierSettings, placeDueCalls, saveCarrierSettings, startCampaignCalls, type CallsConfig, carrierSettingsSchema } from "@/lib/calls";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { getContactDetail } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { rowsOf, type Db } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createWebhookDataBuilder } from "@/lib/runtime/automations";
import { createOrganization } from "@/lib/organizations";
import { createWebhookEndpoint, webhookEventTypes } from "@/lib/webhooks";
import { WorkerPool } from "@/lib/worker-client";
import { startCarrierSimulator, type CarrierSimulator } from "../../../harness/carrier-simulator";
import { futureDate, seedContacts, TEST_WORKER } from "../../../harness/seed";
import { startCarrierFacingServer, zoneInsideWindow } from "../../../harness/carrier-facing-server";
import { waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

const HOUR = 60 * 60 * 1000;
const N = {
  confirm: "+13125550101",
  cancel: "+13125550102",
  stop: "+13125550103",
  repeat: "+13125550104",
  silent: "+13125550105",
  machine: "+13125550106",
  busyThenConfirm: "+13125550107",
  invalid: "+13125550108",
  neverAnswers: "+13125550109",
} as const;

describeEachDatabase("delivering by phone", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  let sim: CarrierSimulator;
  let server: Awaited<ReturnType<typeof startCarrierFacingServer>>;
  let config: CallsConfig;
  let zone: string;
  let firstCampaign = "";
  let secondCampaign = "";

  const launchAndRender = async (db: Db, name: string) => {
    const created = await createCampaign(ctx, { name, template: "Hi {{firstName}}, Lakeside Clinic here about your visit.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, pool.info()!);
    if (!launched.ok) throw new Error(launched.error.message);
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    expect(await waitForCampaign(db, created.value.id)).toBe("ready");
    await dispatcher.stop();
    return created.value.id;
  };

  const renderAnswers = async (db: Db) => {
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    try {
      for (let i = 0; i < 300; i++) {
        const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from segments where key in (${answerSegmentKeys()}) and status <> 'done'`));
        if (row!.n === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("the call sentences were not rendered");
    } finally {
      await dispatcher.stop();
    }
  };

  /** Places due calls (with the clock moved on by `offsetMs`) until nothing is due, letting every call play out. */
  const drive = async (db: Db, offsetMs = 0) => {
    for (let round = 0; round < 30; round++) {
      const summary = await placeDueCalls({ db, config, now: () => new Date(Date.now() + offsetMs), limit: 20 });
      await sim.idle();
      if (summary.done + summary.retrying + summary.dead + summary.lost === 0) return;
    }
    throw new Error("calls kept coming");
  };

  beforeAll(async () => {
    const { db } = getDb();
    zone = zoneInsideWindow();
    ctx = { db, organization: await createOrganization(db, { name: "Lakeside Clinic", timezone: zone }) };
    fake = await startFakeWorker({ capacity: 2 });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
    sim = await startCarrierSimulator({ defaultAnswer: { kind: "human" } });
    server = await startCarrierFacingServer(db, randomBytes(32));
    config = server.config(deriveCredentialKey("a test secret of at least thirty-two characters"));
    const tomorrow = futureDate(1, 15);
    await seedContacts(
      db,
      ctx.organization.id,
      Object.entries(N).map(([key, phone]) => ({ firstName: key, phone, appointment: { startsAt: tomorrow } })),
    );
    const endpoint = await createWebhookEndpoint(ctx, { url: "http://127.0.0.1:9/hooks", eventTypes: [...webhookEventTypes] }, { allowPrivate: true });
    if (!endpoint.ok) throw new Error(endpoint.error.message);
    firstCampaign = await launchAndRender(db, "Reminders");
    secondCampaign = await launchAndRender(db, "Second reminders");
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    await server?.close();
    await pool?.close();
    await fake?.close();
  });

  it("keeps the auth token write-only and refuses a carrier address that is not https", async () => {
    const input = (over: Record<string, unknown> = {}) =>
      carrierSettingsSchema.parse({ provider: "twilio", baseUrl: sim.baseUrl, accountSid: sim.accountSid, authToken: sim.authToken, callerId: "+1 312 555 0100", weekdays: [1, 2, 3, 4, 5, 6, 7], callsPerSecond: 5, ...over });
    const refused = await saveCarrierSettings(ctx, input({ baseUrl: sim.baseUrl }), { ...config, guard: { allowPrivate: false } });
    expect(refused.ok || refused.error.code).toBe("carrier_url_refused");
    expect(() => input({ windowStart: "07:30" })).toThrow(/08:00 and 21:00/);
    expect(() => input({ callerId: "12" })).toThrow(/Caller ID/);
    const saved = await saveCarrierSettings(ctx, input(), config);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value).toMatchObject({ callerId: "+13125550100", hasAuthToken: true, windowStart: "09:00", windowEnd: "20:00", capPerDay: 1, capPerWeek: 3, retries: 2, retryDelayMinutes: 30 });
    expect(JSON.stringify(saved.value)).not.toContain(sim.authToken);
    expect(saved.value.publicUrlWarning).toMatch(/APP_URL is http:\/\/127\.0\.0\.1/);
    // Saved again without a token: the saved one is kept (and still opens).
    const again = await saveCarrierSettings(ctx, input({ authToken: "", retryDelayMinutes: 5 }), config);
    expect(again.ok).toBe(true);
    const { db } = getDb();
    const [row] = await db.execute<{ sealed: string }>(`select auth_token_sealed as sealed from carrier_settings where organization_id = '${ctx.organization.id}'` as never).then((r) => (Array.isArray(r) ? r : (r as { rows: { sealed: string }[] }).rows));
    expect(row!.sealed).toMatch(/^v1\./);
    expect(row!.sealed).not.toContain(sim.authToken);
    expect((await getCarrierSettings(ctx, config))?.retryDelayMinutes).toBe(5);
  });

  it("calls each rendered recipient once and records each key, voicemail, retries and invalid numbers", async () => {
    const { db } = getDb();
    sim.answer(N.confirm, { kind: "human", keys: ["1"] });
    sim.answer(N.cancel, { kind: "human", keys: ["2"] });
    sim.answer(N.stop, { kind: "human", keys: ["9"] });
    sim.answer(N.repeat, { kind: "human", keys: ["*", "1"] });
    sim.answer(N.silent, { kind: "human" });
    sim.answer(N.machine, { kind: "machine" });
    sim.answer(N.busyThenConfirm, [{ kind: "busy" }, { kind: "human", keys: ["1"] }]);
    sim.answer(N.invalid, { kind: "invalid" });
    sim.answer(N.neverAnswers, { kind: "no-answer" });

    const started = await startCampaignCalls(ctx, firstCampaign, config);
    expect(started).toMatchObject({ ok: true, value: { queued: 9, optedOut: 0, notReady: 0 } });
    // The second campaign's calls are queued now too: the frequency cap (1 a day) holds them until tomorrow.
    expect(await startCampaignCalls(ctx, secondCampaign, config)).toMatchObject({ ok: true, value: { queued: 9 } });
    expect(await startCampaignCalls(ctx, firstCampaign, config)).toMatchObject({ ok: true, value: { queued: 0, alreadyQueued: 9 } });
    // The call's own sentences (key prompt, answers, voicemail's last one) are rendered in the campaign's voice.
    await renderAnswers(db);

    await drive(db);
    await drive(db, 6 * 60_000); // the retry of busy and no-answer (5 minutes apart)
    await drive(db, 12 * 60_000);
    await drive(db, 18 * 60_000);

    const report = await getCallReport(ctx, firstCampaign);
    if (!report.ok) throw new Error(report.error.message);
    const outcome = (phone: string) => report.value.recipients.find((r) => r.phone === phone);
    expect(outcome(N.confirm)?.outcome).toBe("confirmed");
    expect(outcome(N.cancel)?.outcome).toBe("cancel_requested");
    expect(outcome(N.stop)?.outcome).toBe("opted_out");
    expect(outcome(N.repeat)?.outcome).toBe("confirmed");
    expect(outcome(N.silent)?.outcome).toBe("answered_no_key");
    expect(outcome(N.machine)?.outcome).toBe("voicemail");
    expect(outcome(N.busyThenConfirm)).toMatchObject({ outcome: "confirmed", attempts: [{ carrierStatus: "busy" }, { carrierStatus: "completed", keys: "1" }] });
    expect(outcome(N.invalid)).toMatchObject({ outcome: "invalid_number", attempts: [{ errorCode: "21211" }] });
    expect(outcome(N.neverAnswers)).toMatchObject({ outcome: "no_answer", outcomeDetail: "after 3 attempts" });
    const csv = callReportCsv(report.value).split("\r\n");
    expect(csv[0]).toBe("recipient_id,name,phone,timezone,outcome,outcome_detail,attempts,last_status,total_duration_s,keys,attempt_times");
    expect(csv).toHaveLength(10);
    expect(csv.find((line) => line.includes(N.neverAnswers))).toMatch(/,no_answer,after 3 attempts,3,no-answer,0,,\S+ \S+ \S+$/);
    expect(report.value.summary).toMatchObject({ total: 9, confirmed: 3, cancel_requested: 1, opted_out: 1, voicemail: 1, answered_no_key: 1, invalid_number: 1, no_answer: 1, in_progress: 0 });

    // What the carrier saw: one call per number today, retries aside; the message played inside a one-key Gather.
    expect(sim.callsTo(N.confirm)).toHaveLength(1);
    expect(sim.callsTo(N.busyThenConfirm)).toHaveLength(2);
    expect(sim.callsTo(N.neverAnswers)).toHaveLength(3);
    expect(sim.callsTo(N.invalid)).toHaveLength(0);
    expect(sim.rejectedCreates.filter((r) => r.to === N.invalid)).toHaveLength(1);
    // Message, key prompt, answer: all rendered audio, nothing said by the carrier's voice.
    expect(sim.callsTo(N.confirm)[0]!.played).toHaveLength(3);
    expect(sim.callsTo(N.repeat)[0]!.played).toHaveLength(5);
    expect(sim.callsTo(N.silent)[0]!.played).toHaveLength(4);
    expect(sim.calls.flatMap((c) => c.said)).toEqual([]);
    const messageUrl = new URL(sim.callsTo(N.confirm)[0]!.played[0]!.url);
    const answerUrls = sim.callsTo(N.confirm)[0]!.played.slice(1).map((p) => new URL(p.url).pathname);
    expect(answerUrls.every((p) => p !== messageUrl.pathname)).toBe(true);
    expect(sim.callsTo(N.cancel)[0]!.played[2]!.url).not.toBe(sim.callsTo(N.confirm)[0]!.played[2]!.url);
    const voicemail = sim.callsTo(N.machine)[0]!;
    expect(voicemail.events.some((e) => e.kind === "update")).toBe(true);
    // The voicemail: the message without prompts, then the callback sentence.
    expect(voicemail.played.map((p) => new URL(p.url).pathname).slice(-2)).toEqual([new URL(voicemail.played[0]!.url).pathname, expect.stringMatching(/^\/api\/audio\//)]);
    expect([...sim.calls.flatMap((c) => c.errors.map((e) => `${c.to}: ${e}`)), ...server.requests.filter((r) => /^\d/.test(r))]).toEqual([]);
    // 5 a second. The simulator shares this process's event loop with the database here, so a busy moment can
    // bunch the arrival of two requests sent 209 ms apart; the placer runs in its own process in
    // crash-safety.test.ts, where the limit is checked exactly.
    expect(sim.maxConcurrentCreatesPerSecond()).toBeLessThanOrEqual(6);

    // The answer is on the appointment, and the opted-out number is on the do-not-call list.
    const confirmed = await getContactDetail(ctx, report.value.recipients.find((r) => r.phone === N.confirm)!.contactId);
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    expect(confirmed.value.appointments.upcoming[0]).toMatchObject({ callAnswer: "confirmed" });
    const stopped = await getContactDetail(ctx, outcome(N.stop)!.contactId);
    expect(stopped.ok && stopped.value.optOut).toBeTruthy();

    const types = (await db.select({ type: webhookEvents.type }).from(webhookEvents).where(eq(webhookEvents.organizationId, ctx.organization.id))).map((e) => e.type);
    expect(types.filter((t) => t === "appointment.confirmed")).toHaveLength(3);
    expect(types.filter((t) => t === "appointment.cancel_requested")).toHaveLength(1);
    expect(types.filter((t) => t === "contact.opted_out")).toHaveLength(1);
    expect(types.filter((t) => t === "call.completed")).toHaveLength(9);
    // A delivery's payload: the call with its attempts, built from the delivery's id when it is sent.
    const [optedOutEvent] = await db.select().from(webhookEvents).where(and(eq(webhookEvents.organizationId, ctx.organization.id), eq(webhookEvents.type, "contact.opted_out")));
    const payload = await createWebhookDataBuilder(db, { baseUrl: server.url, signing: { key: Buffer.alloc(32) } })({ ...optedOutEvent!, createdAt: optedOutEvent!.createdAt });
    expect(payload).toMatchObject({ outcome: "opted_out", contact: { phone: N.stop }, call: { attempts: [{ keys: "9", status: "completed" }] } });

    // The progress stream hears each step: every recipient's final outcome is among the campaign's events.
    const steps = await db
      .select({ payload: campaignEvents.payload })
      .from(campaignEvents)
      .where(and(eq(campaignEvents.campaignId, firstCampaign), eq(campaignEvents.type, "call")));
    const ended = steps.filter((e) => e.payload.state === "ended").map((e) => e.payload.recipientId);
    expect(new Set(ended)).toEqual(new Set(report.value.recipients.map((r) => r.recipientId)));
    expect(steps.filter((e) => e.payload.state === "retrying")).toHaveLength(3);
  }, 120_000);

  it("holds the second campaign to the cap per number, and never calls the number that pressed 9", async () => {
    const { db } = getDb();
    // Today: nothing placed (each number had its one call); the number that pressed 9 may already be left out.
    const today = await getCallReport(ctx, secondCampaign);
    if (!today.ok) throw new Error(today.error.message);
    expect(today.value.summary.in_progress + today.value.summary.opted_out).toBe(9);
    expect(today.value.recipients.every((r) => r.attempts.every((a) => a.placedAt === null))).toBe(true);
    for (const phone of Object.values(N)) sim.answer(phone, { kind: "human", keys: ["1"] });
    const before = sim.calls.length;
    await drive(db, 25 * HOUR);
    const report = await getCallReport(ctx, secondCampaign);
    if (!report.ok) throw new Error(report.error.message);
    const stop = report.value.recipients.find((r) => r.phone === N.stop)!;
    expect(stop).toMatchObject({ outcome: "opted_out", attempts: [{ state: "skipped" }] });
    expect(sim.callsTo(N.stop)).toHaveLength(1);
    expect(sim.calls.length - before).toBe(8);
  }, 60_000);

  it("stops a campaign's calls: nobody not called yet is called, and no retry is made", async () => {
    const { db } = getDb();
    const third = await launchAndRender(db, "Stopped reminders");
    expect(await startCampaignCalls(ctx, third, config)).toMatchObject({ ok: true, value: { queued: 8 } });
    expect(await stopCampaignCalls(ctx, third)).toEqual({ ok: true, value: { stopped: 8, underWay: 0 } });
    const before = sim.calls.length;
    await drive(db, 50 * HOUR);
    expect(sim.calls.length).toBe(before);
    const report = await getCallReport(ctx, third);
    expect(report).toMatchObject({ ok: true, value: { summary: { stopped: 8, in_progress: 0 } } });
    expect(await stopCampaignCalls(ctx, third)).toEqual({ ok: true, value: { stopped: 0, underWay: 0 } });
  }, 60_000);

  it("places a test call through SignalWire's compatibility API path, and says when APP_URL cannot be reached", async () => {
    const settings = carrierSettingsSchema.parse({ provider: "signalwire-compatible", baseUrl: sim.baseUrl, accountSid: sim.accountSid, authToken: "", callerId: "+13125550100", weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect((await saveCarrierSettings(ctx, settings, config)).ok).toBe(true);
    const before = sim.calls.length;
    const placed = await placeTestCall(ctx, { to: "+13125550199" }, config);
    expect(placed).toMatchObject({ ok: true, value: { warning: expect.stringMatching(/carrier cannot reach it/) } });
    await sim.idle();
    expect(sim.calls.length - before).toBe(1);
    expect(sim.calls.at(-1)!.said.join(" ")).toMatch(/This is a test call from Lakeside Clinic/);
    // A wrong token is the carrier's refusal, said in words.
    const wrong = await saveCarrierSettings(ctx, { ...settings, authToken: "not the token" }, config);
    expect(wrong.ok).toBe(true);
    expect(await placeTestCall(ctx, { to: "+13125550199" }, config)).toMatchObject({ ok: false, error: { code: "carrier_rejected", message: expect.stringMatching(/401, error 20003/) } });
    expect((await saveCarrierSettings(ctx, { ...settings, provider: "twilio", authToken: sim.authToken }, config)).ok).toBe(true);
  });

  it("plays a campaign's rendered message and the key prompt on a test call, as a patient hears them, and records no key", async () => {
    const before = sim.calls.length;
    const placed = await placeTestCall(ctx, { to: "+13125550198", campaignId: firstCampaign }, config);
    expect(placed.ok).toBe(true);
    await sim.idle();
    expect(sim.calls.length - before).toBe(1);
    const call = sim.calls.at(-1)!;
    expect(call.played).toHaveLength(1);
    expect(new URL(call.played[0]!.url).pathname).toMatch(/^\/api\/audio\/[0-9a-f]{64}\.mp3$/);
    expect(call.played[0]!.bytes).toBeGreaterThan(1000);
    expect(call.said.join(" ")).toMatch(/test call from Lakeside Clinic.*Press 1 to confirm.*record nothing/);
    expect(await placeTestCall(ctx, { to: "+13125550198", campaignId: "00000000-0000-4000-8000-000000000000" }, config)).toMatchObject({ ok: false, error: { code: "campaign_not_found" } });
    expect(sim.calls.length - before).toBe(1);
  });

  it("refuses callbacks with a bad signature, for an unknown call, or replayed", async () => {
    const call = sim.callsTo(N.confirm)[0]!;
    const url = `${server.url}/api/carrier/status?a=${encodeURIComponent(new URL(call.url).searchParams.get("a")!)}`;
    const params = { CallSid: call.sid, CallStatus: "completed", SequenceNumber: "99", AccountSid: sim.accountSid };
    const post = (p: Record<string, string>, signature: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }, body: new URLSearchParams(p) });
    const sign = (p: Record<string, string>, token = sim.authToken) => twilio.getExpectedTwilioSignature(token, url, p);
    expect((await post(params, sign(params, "not the token"))).status).toBe(403);
    const unknown = { ...params, CallSid: `CA${"0".repeat(32)}` };
    expect((await post(unknown, sign(unknown))).status).toBe(403);
    expect((await post(params, sign(params))).status).toBe(204);
    expect((await post(params, sign(params))).status).toBe(409);
  });
});
