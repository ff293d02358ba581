import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { webhookEvents } from "@/drizzle/schema";
import { verifyAudioSignature, verifyResourceSignature } from "@/lib/audio";
import { createWebhookDataBuilder } from "@/lib/runtime/automations";
import { cancelCampaign, createCampaign, launchCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createOrganization } from "@/lib/organizations";
import { createSchedule, runDueSchedules } from "@/lib/schedules";
import { createWebhookEndpoint, deliverDueWebhooks, listWebhookDeliveries, replayWebhookDelivery, webhookEventTypes } from "@/lib/webhooks";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

const SIGNING = { key: Buffer.alloc(32, 7) };
const BASE_URL = "http://localhost:3000";

type Mode = "fail500" | "hang" | "ok";
type Received = { id: string; body: string; headers: Record<string, string>; verified: boolean };

/**
 * A dialer's webhook receiver: verifies every delivery with the standardwebhooks package and keeps each
 * webhook-id once (as a receiver must: delivery is at least once). It can be down (not listening), answer
 * 500, hang after reading the request, or answer 200.
 */
async function startReceiver(secret: () => string) {
  let mode: Mode = "ok";
  const requests: Received[] = [];
  const unique = new Map<string, Received>();
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      let verified = true;
      try {
        new Webhook(secret()).verify(body, headers);
      } catch {
        verified = false;
      }
      const received = { id: headers["webhook-id"] ?? "", body, headers, verified };
      requests.push(received);
      if (mode === "hang") {
        // Read and kept, but never answered: the sender times out and sends it again.
        if (verified && !unique.has(received.id)) unique.set(received.id, received);
        return;
      }
      if (mode === "fail500") return void res.writeHead(500).end("down for maintenance");
      if (verified && !unique.has(received.id)) unique.set(received.id, received);
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A port that is free now; the receiver is "down" until it listens on it.
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return {
    url: `http://127.0.0.1:${port}/hooks/voice`,
    requests,
    unique,
    setMode: (m: Mode) => (mode = m),
    up: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

describeEachDatabase("webhooks", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  let secret = "";
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    const { db } = getDb();
    // An organisation of its own: other files' campaigns never produce its events.
    ctx = { db, organization: await createOrganization(db, { name: "Harbour Dental", timezone: "America/Chicago" }) };
    fake = await startFakeWorker({ capacity: 2 });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
    receiver = await startReceiver(() => secret);
  });
  afterAll(async () => {
    await receiver?.close();
    await pool?.close();
    await fake?.close();
  });

  const deliver = (db: Db, settings: { inlineRecipients?: number } = {}) =>
    deliverDueWebhooks({
      db,
      buildData: createWebhookDataBuilder(db, { baseUrl: BASE_URL, signing: SIGNING, ...settings }),
      guard: { allowPrivate: true },
      timeoutMs: 3_000,
      baseDelayMs: 1,
    });

  it("refuses loopback, private and metadata addresses unless the install allows them", async () => {
    for (const url of ["http://127.0.0.1:9/x", "http://localhost/x", "http://[::1]/x", "http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::ffff:127.0.0.1]/x", "http://192.168.0.10/x"]) {
      const refused = await createWebhookEndpoint(ctx, { url, eventTypes: ["campaign.ready"] }, { allowPrivate: false });
      expect(refused.ok ? url : refused.error.code, url).toBe("webhook_url_refused");
    }
    const withPassword = await createWebhookEndpoint(ctx, { url: "https://user:pw@example.com/x", eventTypes: ["campaign.ready"] }, { allowPrivate: true });
    expect(withPassword.ok || withPassword.error.code).toBe("webhook_url_refused");
  });

  it("delivers every event exactly once to a receiver that is down, answers 500, hangs and recovers", async () => {
    const { db } = getDb();
    const created = await createWebhookEndpoint(ctx, { url: receiver.url, eventTypes: [...webhookEventTypes] }, { allowPrivate: true });
    if (!created.ok) throw new Error(created.error.message);
    secret = created.value.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

    // campaign.ready: two recipients, rendered by the dispatcher.
    await seedContacts(db, ctx.organization.id, [
      { firstName: "Maria", phone: "+13125550101", timezone: "America/Los_Angeles" },
      { firstName: "John", phone: "+13125550102" },
    ]);
    const ready = await createCampaign(ctx, { name: "Ready one", template: "Hi {{firstName}}, Harbour Dental here. Press 9 to opt out.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!ready.ok) throw new Error(ready.error.message);
    const launched = await launchCampaign(ctx, ready.value.id, pool.info()!);
    if (!launched.ok) throw new Error(launched.error.message);
    const dispatcher = createDispatcher({ db, pool, pollMs: 20 });
    dispatcher.start();
    expect(await waitForCampaign(db, ready.value.id)).toBe("ready");
    await dispatcher.stop();
    // campaign.canceled
    const doomed = await createCampaign(ctx, { name: "Canceled one", template: "Hello {{firstName}}, a message we never send.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!doomed.ok) throw new Error(doomed.error.message);
    await launchCampaign(ctx, doomed.value.id, TEST_WORKER);
    await cancelCampaign(ctx, doomed.value.id);
    // schedule.skipped: nobody has an appointment.
    const schedule = await createSchedule(ctx, { name: "Daily", campaignId: ready.value.id, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: "08:00", daysAhead: 1 });
    if (!schedule.ok) throw new Error(schedule.error.message);
    const slot = DateTime.now().setZone("America/Chicago").plus({ days: 1 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 }).toJSDate();
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: slot })).toMatchObject({ skipped: 1 });

    // Down, then 500, then a hang after reading the request, then up.
    expect(await deliver(db)).toEqual({ delivered: 0, retrying: 3, failed: 0 });
    await receiver.up();
    receiver.setMode("fail500");
    expect(await deliver(db)).toEqual({ delivered: 0, retrying: 3, failed: 0 });
    receiver.setMode("hang");
    expect(await deliver(db)).toEqual({ delivered: 0, retrying: 3, failed: 0 });
    receiver.setMode("ok");
    expect(await deliver(db)).toEqual({ delivered: 3, retrying: 0, failed: 0 });
    expect(await deliver(db)).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    // Each event once after dedupe, though each arrived three times (500, hang, 200); every signature verified.
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    expect(receiver.requests).toHaveLength(9);
    expect([...receiver.unique.values()].map((r) => JSON.parse(r.body).type).sort()).toEqual(["campaign.canceled", "campaign.ready", "schedule.skipped"]);
    // The id is the same on every attempt: that is what the receiver deduplicated on.
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(3);

    const readyEvent = JSON.parse([...receiver.unique.values()].find((r) => r.body.includes('"campaign.ready"'))!.body);
    expect(readyEvent.data.campaign).toMatchObject({ id: ready.value.id, name: "Ready one", status: "ready" });
    expect(readyEvent.data.counts).toMatchObject({ recipients: 2, segments: { done: expect.any(Number), failed: 0, queued: 0 } });
    const maria = readyEvent.data.recipients.find((r: { phone: string }) => r.phone === "+13125550101");
    const john = readyEvent.data.recipients.find((r: { phone: string }) => r.phone === "+13125550102");
    // The contact's own zone, or the organisation's.
    expect(maria).toMatchObject({ timezone: "America/Los_Angeles", status: "ready" });
    expect(john).toMatchObject({ timezone: "America/Chicago", status: "ready" });
    expect(Object.keys(maria.audio).sort()).toEqual(["mp3", "ulaw", "wav", "wav8k"]);
    const wav = new URL(maria.audio.wav);
    const messageKey = wav.pathname.split("/").pop()!.replace(/\.wav$/, "");
    expect(verifyAudioSignature(SIGNING.key, messageKey, { org: wav.searchParams.get("org")!, exp: Number(wav.searchParams.get("exp")), sig: wav.searchParams.get("sig")! })).toBe("valid");
    const skippedEvent = JSON.parse([...receiver.unique.values()].find((r) => r.body.includes('"schedule.skipped"'))!.body);
    expect(skippedEvent.data).toMatchObject({ schedule: { id: schedule.value.id, name: "Daily" }, run: { status: "skipped", recipients: 0 } });

    // The delivery log: every attempt of each delivery, in order.
    const log = await listWebhookDeliveries(ctx);
    expect(log).toHaveLength(3);
    for (const delivery of log) {
      expect(delivery.status).toBe("delivered");
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([null, 500, null, 204]);
      expect(delivery.attempts[0]!.error).toBe("connection refused");
      expect(delivery.attempts[2]!.error).toBe("no answer within 3000 ms");
    }

    // Replay: the same event again, with the same webhook-id; the receiver already has it.
    const replayed = await replayWebhookDelivery(ctx, log[0]!.id);
    expect(replayed.ok).toBe(true);
    expect(await deliver(db)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.requests.at(-1)!.id).toBe(log[0]!.eventId);
    expect(receiver.unique.size).toBe(3);
  });

  it("links to the signed export instead of listing recipients past the inline limit", async () => {
    const { db } = getDb();
    const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.type, "campaign.ready"));
    const data = await createWebhookDataBuilder(db, { baseUrl: BASE_URL, signing: SIGNING, inlineRecipients: 1 })({ ...event!, createdAt: event!.createdAt });
    expect(data).not.toHaveProperty("recipients");
    const link = new URL((data as { export: { url: string } }).export.url);
    expect(link.pathname).toBe(`/api/campaigns/${event!.subject.campaignId}/export`);
    const signature = { org: link.searchParams.get("org")!, exp: Number(link.searchParams.get("exp")), sig: link.searchParams.get("sig")! };
    expect(verifyResourceSignature(SIGNING.key, "export-v1", event!.subject.campaignId!, signature)).toBe("valid");
    // An export signature opens that campaign's export only, never an audio file.
    expect(verifyAudioSignature(SIGNING.key, event!.subject.campaignId!, signature)).toBe("invalid");
  });

  it("writes the outbox row in the status change's transaction: a rolled back cancel leaves no event", async () => {
    const { db } = getDb();
    const created = await createCampaign(ctx, { name: "Rolled back", template: "Hi {{firstName}}, about tomorrow.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    await launchCampaign(ctx, created.value.id, TEST_WORKER);
    await expect(
      db.transaction(async (tx) => {
        await cancelCampaign({ ...ctx, db: tx as unknown as Db }, created.value.id);
        expect((await tx.select().from(webhookEvents)).some((e) => e.subject.campaignId === created.value.id)).toBe(true);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await db.select().from(webhookEvents)).some((e) => e.subject.campaignId === created.value.id)).toBe(false);
  });
});
