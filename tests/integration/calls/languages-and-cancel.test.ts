import { randomBytes } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { callDeliveries, messageSegments, messages, segments } from "@/drizzle/schema";
import { parseAudioFileName } from "@/lib/audio";
import { answerSegmentKeys, callReportCsv, cancelCampaignAndCalls, carrierSettingsSchema, deriveCredentialKey, getCallReport, placeDueCalls, saveCarrierSettings, startCampaignCalls, type CallsConfig } from "@/lib/calls";
import { createCampaign, getCampaign, launchCampaign, listCampaignRecipients } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf, type Db } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { startCarrierSimulator, type CarrierSimulator } from "../../../harness/carrier-simulator";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { futureDate, seedContacts, TEST_WORKER } from "../../../harness/seed";
import { startCarrierFacingServer, zoneInsideWindow } from "../../../harness/carrier-facing-server";
import { describeEachDatabase } from "../../helpers/test-db";

const MINUTE = 60_000;
const N = {
  lucia: "+13125550201", // Spanish, presses 1
  marta: "+13125550202", // Spanish, answering machine
  john: "+13125550203", // English, presses 1
  ann: "+13125550211", // the canceled campaign's recipients
  bob: "+13125550212",
  cat: "+13125550213",
  zed: "+13125550214", // whose message is still rendering, so the campaign is too
} as const;
const ENGLISH = "Hi {{firstName}}, Lakeside Clinic here about your visit.";
const SPANISH = "Hola {{firstName}}, le llama la Clínica Lakeside por su cita.";

describeEachDatabase("calls in each patient's language, and canceled with their campaign", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  let sim: CarrierSimulator;
  let server: Awaited<ReturnType<typeof startCarrierFacingServer>>;
  let config: CallsConfig;
  let ids: Record<keyof typeof N, string>;
  let releaseZed: () => void = () => {};
  const zedHeld = new Promise<void>((resolve) => (releaseZed = resolve));
  let dispatcher: ReturnType<typeof createDispatcher> | null = null;

  const worker = () => ({ ...pool.info()!, voices: [...pool.info()!.voices, "ef_dora"] });

  const launch = async (name: string, contacts: (keyof typeof N)[]) => {
    const created = await createCampaign(
      ctx,
      { name, template: ENGLISH, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: contacts.map((c) => ids[c]) }, versions: [{ language: "es", template: SPANISH, voice: "ef_dora" }] },
      { ...TEST_WORKER, voices: [...TEST_WORKER.voices, "ef_dora"] },
    );
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, worker());
    if (!launched.ok) throw new Error(launched.error.message);
    return created.value.id;
  };

  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  const readyRecipients = async (campaignId: string) => {
    const page = await listCampaignRecipients(ctx, campaignId);
    return page.ok ? page.value.items.filter((r) => r.status === "ready").length : 0;
  };

  const answersSettled = async (db: Db) => {
    const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from segments where key in (${answerSegmentKeys()}) and status not in ('done', 'failed')`));
    return row!.n === 0;
  };

  /** Places due calls (the clock moved on by `offsetMs`) until nothing is due, letting every call play out. */
  const drive = async (db: Db, offsetMs = 0, limit = 20) => {
    for (let round = 0; round < 30; round++) {
      const summary = await placeDueCalls({ db, config, now: () => new Date(Date.now() + offsetMs), limit });
      await sim.idle();
      if (summary.done + summary.retrying + summary.dead + summary.lost === 0 || limit === 1) return;
    }
    throw new Error("calls kept coming");
  };

  const textAndVoiceOf = async (db: Db, audioUrl: string) => {
    const key = parseAudioFileName(new URL(audioUrl).pathname.split("/").at(-1)!)!.messageKey;
    const [message] = await db.select({ text: messages.text }).from(messages).where(eq(messages.key, key));
    const voices = await db.select({ voice: segments.voice }).from(messageSegments).innerJoin(segments, eq(segments.key, messageSegments.segmentKey)).where(eq(messageSegments.messageKey, key));
    return { text: message?.text, voices: [...new Set(voices.map((v) => v.voice))] };
  };

  beforeAll(async () => {
    const { db } = getDb();
    const zone = zoneInsideWindow();
    ctx = { db, organization: await createOrganization(db, { name: "Lakeside Clinic", timezone: zone }) };
    // The Spanish voicemail sentence fails to render (the carrier's Spanish voice says it); Zed's message waits.
    fake = await startFakeWorker({
      capacity: 2,
      behave: ({ text }) =>
        /llámenos/i.test(text) ? { kind: "error", status: 422, code: "bad_text", retryable: false } : /Zed/.test(text) ? { kind: "ok", heldUntil: zedHeld } : { kind: "ok" },
    });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
    sim = await startCarrierSimulator({ defaultAnswer: { kind: "human" } });
    server = await startCarrierFacingServer(db, randomBytes(32));
    config = server.config(deriveCredentialKey("a test secret of at least thirty-two characters"));
    const tomorrow = futureDate(1, 15);
    const spanish = new Set(["lucia", "marta"]);
    const contactIds = await seedContacts(
      db,
      ctx.organization.id,
      Object.entries(N).map(([key, phone]) => ({ firstName: key === "zed" ? "Zed" : key, phone, language: spanish.has(key) ? "es" : undefined, appointment: { startsAt: tomorrow } })),
    );
    ids = Object.fromEntries(Object.keys(N).map((k, i) => [k, contactIds[i]!])) as Record<keyof typeof N, string>;
  }, 60_000);

  afterAll(async () => {
    releaseZed();
    await dispatcher?.stop();
    await sim?.close();
    await server?.close();
    await pool?.close();
    await fake?.close();
  });

  const settings = (over: Record<string, unknown> = {}) =>
    carrierSettingsSchema.safeParse({
      provider: "twilio",
      baseUrl: sim.baseUrl,
      accountSid: sim.accountSid,
      authToken: sim.authToken,
      callerId: "+1 312 555 0100",
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      callsPerSecond: 5,
      retries: 1,
      retryDelayMinutes: 5,
      callbackNumber: "+1 312 555 0100",
      ...over,
    });

  it("refuses a key prompt, in either language, that names a key the call does not answer to or leaves one out", async () => {
    const pressThree = settings({ answerTexts: { es: { prompt: "Oprima 1 para confirmar. Oprima 2 para cancelar. Oprima 3 para hablar con nosotros. Oprima 9 para no recibir más llamadas." } } });
    expect(pressThree.success).toBe(false);
    expect(pressThree.error?.issues).toEqual([expect.objectContaining({ path: ["answerTexts", "es", "prompt"], message: expect.stringMatching(/^The Spanish key prompt: it names "3", which does nothing on the call/) })]);
    const noOne = settings({ answerTexts: { en: { prompt: "Press 2 to cancel. Press 9 to stop these calls. Press star to hear this again." } } });
    expect(noOne.error?.issues[0]?.message).toMatch(/^The English key prompt: it does not name 1 \(confirm\)/);
    // The earlier shape (English sentences at the top level) is still taken as English, and linted.
    expect(settings({ answerTexts: { prompt: "Press 3." } }).error?.issues[0]?.path).toEqual(["answerTexts", "en", "prompt"]);
    const saved = await saveCarrierSettings(ctx, settings({ answerTexts: { es: { confirmed: "Gracias, su cita está confirmada. ¡Hasta pronto!" } } }).data!, config);
    expect(saved).toMatchObject({ ok: true, value: { answerTexts: { es: { confirmed: "Gracias, su cita está confirmada. ¡Hasta pronto!" } } } });
  });

  it("waits for the call's sentences, then speaks them in the Spanish voice to a Spanish patient, with the carrier's Spanish voice for one that failed", async () => {
    const { db } = getDb();
    sim.answer(N.lucia, { kind: "human", keys: ["1"] });
    sim.answer(N.marta, { kind: "machine" });
    sim.answer(N.john, { kind: "human", keys: ["1"] });
    const campaign = await launch("Recordatorios", ["lucia", "marta", "john"]);
    dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    await until("the messages", async () => (await readyRecipients(campaign)) === 3);
    await dispatcher.stop();
    dispatcher = null;

    expect(await startCampaignCalls(ctx, campaign, config)).toMatchObject({ ok: true, value: { queued: 3 } });
    const languages = await db.select({ phone: callDeliveries.phone, language: callDeliveries.language }).from(callDeliveries).where(eq(callDeliveries.campaignId, campaign));
    expect(Object.fromEntries(languages.map((d) => [d.phone, d.language]))).toEqual({ [N.lucia]: "es", [N.marta]: "es", [N.john]: "en" });
    // The sentences are not rendered yet: nobody is called, and the panel says why.
    await drive(db);
    expect(sim.calls).toHaveLength(0);
    expect(await getCallReport(ctx, campaign)).toMatchObject({ ok: true, value: { preparing: true, summary: { in_progress: 3 } } });

    dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    await until("the call sentences", () => answersSettled(db));
    await dispatcher.stop();
    dispatcher = null;
    expect(await getCallReport(ctx, campaign)).toMatchObject({ ok: true, value: { preparing: false } });
    await drive(db, 11_000);

    const report = await getCallReport(ctx, campaign);
    if (!report.ok) throw new Error(report.error.message);
    expect(Object.fromEntries(report.value.recipients.map((r) => [r.phone, r.outcome]))).toEqual({ [N.lucia]: "confirmed", [N.marta]: "voicemail", [N.john]: "confirmed" });

    // Lucía: her message, the Spanish key prompt and the organisation's own Spanish answer, all in ef_dora.
    const lucia = sim.callsTo(N.lucia)[0]!;
    expect(lucia.said).toEqual([]);
    expect(lucia.played).toHaveLength(3);
    const [, prompt, answer] = await Promise.all(lucia.played.map((p) => textAndVoiceOf(db, p.url)));
    expect(prompt).toMatchObject({ text: expect.stringMatching(/^Oprima (1|uno) para confirmar\. Oprima (2|dos) para cancelar o cambiar la cita\. Oprima (9|nueve) para no recibir más llamadas\. Oprima asterisco para escuchar de nuevo\.$/), voices: ["ef_dora"] });
    expect(answer).toMatchObject({ text: "Gracias, su cita está confirmada. ¡Hasta pronto!", voices: ["ef_dora"] });
    // John hears the English sentences in the English voice.
    const john = sim.callsTo(N.john)[0]!;
    expect(john.said).toEqual([]);
    expect(await textAndVoiceOf(db, john.played[1]!.url)).toMatchObject({ text: expect.stringMatching(/^Press (1|one) to confirm/i), voices: ["af_heart"] });
    // Marta's voicemail: its last sentence failed to render, so the carrier's Spanish voice says it, digit by digit.
    const says = sim.callsTo(N.marta)[0]!.events.filter((e) => e.kind === "say").map((e) => e.detail);
    expect(says).toEqual([expect.objectContaining({ text: "Por favor, llámenos al tres uno dos, cinco cinco cinco, cero uno cero cero.", language: "es-MX" })]);
    expect(sim.calls.flatMap((c) => c.errors)).toEqual([]);
  }, 120_000);

  it("cancels a campaign's calls with it: nobody not called yet is called, no retry is made, the call under way plays out", async () => {
    const { db } = getDb();
    for (const phone of [N.ann, N.bob, N.cat]) sim.answer(phone, { kind: "busy" });
    const campaign = await launch("Reminders to cancel", ["ann", "bob", "cat", "zed"]);
    dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    await until("the messages but Zed's", async () => (await readyRecipients(campaign)) === 3);
    expect((await getCampaign(db, ctx.organization.id, campaign))?.status).toBe("rendering");
    expect(await startCampaignCalls(ctx, campaign, config)).toMatchObject({ ok: true, value: { queued: 3, notReady: 1 } });
    await until("the call sentences", () => answersSettled(db));

    // One call, busy: its retry is due in 5 minutes.
    const before = sim.calls.length;
    await drive(db, 0, 1);
    expect(sim.calls.length - before).toBe(1);
    const retried = sim.calls.at(-1)!.to;
    for (const phone of [N.ann, N.bob, N.cat]) sim.answer(phone, { kind: "human", keys: ["1"] });
    // The next call is canceled with its campaign while it is under way (its first callback): it plays out.
    let canceled: Awaited<ReturnType<typeof cancelCampaignAndCalls>> | null = null;
    server.beforeCallback = async (kind) => {
      if (kind !== "voice" || canceled) return;
      canceled = await cancelCampaignAndCalls(ctx, campaign);
    };
    await drive(db, 6 * MINUTE, 1);
    server.beforeCallback = null;
    expect(canceled).toMatchObject({ ok: true, value: { status: "canceled" } });
    const underWay = sim.calls.at(-1)!.to;
    expect(underWay).not.toBe(retried);
    const neverCalled = [N.ann, N.bob, N.cat].find((p) => p !== retried && p !== underWay)!;

    // Tomorrow and after: nothing more is placed.
    const placed = sim.calls.length;
    await drive(db, 26 * 60 * MINUTE);
    await drive(db, 50 * 60 * MINUTE);
    expect(sim.calls.length).toBe(placed);

    const report = await getCallReport(ctx, campaign);
    if (!report.ok) throw new Error(report.error.message);
    const of = (phone: string) => report.value.recipients.find((r) => r.phone === phone);
    expect(of(underWay)).toMatchObject({ outcome: "confirmed", attempts: [{ carrierStatus: "completed", keys: "1" }] });
    expect(of(neverCalled)).toMatchObject({ outcome: "canceled", outcomeDetail: "not called: the campaign was canceled", attempts: [{ state: "skipped" }] });
    expect(of(retried)).toMatchObject({ outcome: "canceled", outcomeDetail: "not called again: the campaign was canceled", attempts: [{ carrierStatus: "busy" }, { state: "skipped" }] });
    expect(report.value.summary).toMatchObject({ total: 3, canceled: 2, confirmed: 1, in_progress: 0 });
    const csv = callReportCsv(report.value).split("\r\n");
    expect(csv.filter((line) => line.includes(",canceled,not called"))).toHaveLength(2);
    // The call jobs of canceled recipients are cancelled, not left to fire.
    const open = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from jobs where queue = 'call' and status = 'pending' and key in (select a.id::text from call_attempts a join call_deliveries d on d.id = a.delivery_id where d.campaign_id = ${campaign})`),
    );
    expect(open[0]!.n).toBe(0);
    releaseZed();
    expect(await db.select({ id: callDeliveries.id }).from(callDeliveries).where(inArray(callDeliveries.phone, [N.zed]))).toEqual([]);
  }, 120_000);
});
