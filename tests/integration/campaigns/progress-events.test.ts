import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaignEvents } from "@/drizzle/schema";
import { CampaignEventHub, getCampaignDetail, type CampaignEvent } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import type { QueryObserver } from "@/lib/db/client";
import { createOrganization } from "@/lib/organizations";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { isFinalStatus, openTestStream, readFrames, type Frame } from "../../helpers/sse-client";
import type { SeedContact } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

/** Campaign id of every query that reads events themselves (not the snapshot's newest id), in order. */
const eventReads: string[] = [];
const countEventReads: QueryObserver = (query, params) => {
  if (/^select .*"payload".* from "campaign_events"/s.test(query)) eventReads.push(String(params[0]));
};
const readsOf = (campaignId: string) => eventReads.filter((id) => id === campaignId).length;
/** How many times progress was recorded (each settle transaction locks the campaigns it concerns once). */
let progressLocks = 0;
const observe: QueryObserver = (query, params) => {
  countEventReads(query, params);
  if (/for update of k/.test(query)) progressLocks += 1;
};

/** Every stored event id and type of the campaign after `afterId`, as the truth to compare streams with. */
async function storedEvents(ctx: Ctx, campaignId: string, afterId: number) {
  const rows = await ctx.db.select({ id: campaignEvents.id, type: campaignEvents.type }).from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId)).orderBy(asc(campaignEvents.id));
  return rows.filter((r) => r.id > afterId).map((r) => ({ id: r.id, event: r.type }));
}
const messagesOf = (frames: Frame[]) => frames.filter((f) => f.event && f.event !== "snapshot").map((f) => ({ id: f.id, event: f.event }));

describeEachDatabase(
  "campaign progress events",
  (getDb) => {
    let ctx: Ctx;
    let fake: FakeWorker;
    let pool: WorkerPool;
    let hub: CampaignEventHub;
    beforeAll(async () => {
      ctx = { db: getDb().db, organization: getDb().organization };
      // Slow enough renders that a stream can leave and come back while the campaign is still rendering.
      fake = await startFakeWorker({ capacity: 1, behave: () => ({ kind: "ok", delayMs: 25 }) });
      pool = new WorkerPool({ urls: [fake.url] });
      await pool.probe();
      hub = new CampaignEventHub({ db: getDb().db, listen: getDb().listen, pollMs: 60_000 });
    });
    afterAll(async () => {
      await hub.close();
      await pool.close();
      await fake.close();
    });

    let launched = 0;
    /**
     * Each campaign in an organisation of its own (its contacts are only its own), with sentences no earlier
     * campaign rendered (audio is shared by content, so a repeat would be ready at launch, with no events).
     */
    async function launch(options: { contacts: SeedContact[]; greeting?: string }) {
      const launchCtx: Ctx = { db: ctx.db, organization: await createOrganization(ctx.db, { name: "Harbour Physio" }) };
      const n = ++launched;
      const template = `${options.greeting ?? "Hi"} {{firstName}}, this is clinic ${n}. Clinic ${n} expects you on {{appointment.date}} at {{appointment.time}}. Press 1 for clinic ${n}.`;
      const id = await launchTestCampaign(launchCtx, pool.info()!, { contacts: options.contacts, template });
      const detail = await getCampaignDetail(launchCtx, id);
      if (!detail.ok) throw new Error(detail.error.message);
      return { id, status: "rendering" as const, launchedAt: new Date(detail.value.launchedAt!) };
    }

    async function render(...ids: string[]) {
      const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20 });
      dispatcher.start();
      for (const id of ids) expect(await waitForCampaign(ctx.db, id)).toBe("ready");
      await dispatcher.stop();
    }

    it("streams a snapshot, then every count change in order, and resumes after Last-Event-ID without gaps or repeats", async () => {
      const campaign = await launch({ contacts: appointmentContacts(30, 10, 3) });
      // The client has its snapshot before any segment finishes, so every change must arrive as an event.
      const reading = readFrames(openTestStream(ctx.db, hub, campaign, null), isFinalStatus);
      await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(1);
      await render(campaign.id);
      const [snapshot, ...rest] = (await reading).frames;

      expect(snapshot).toMatchObject({ event: "snapshot", retryMs: 2000, data: { type: "snapshot", status: "rendering" } });
      const progress = rest.filter((m) => m.event === "progress").map((m) => m.data as Extract<CampaignEvent, { type: "progress" }>);
      const total = progress[0]!.counts.total;
      // 10 greetings + 3 slots + "Press one for clinic one.", each finishing once, counted up one at a time.
      expect(total).toBe(14);
      expect(progress.map((p) => p.counts.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(messagesOf(rest)).toEqual(await storedEvents(ctx, campaign.id, snapshot!.id!));

      // A client that dropped after the fifth event reconnects with its id and gets exactly the rest.
      const ids = rest.map((m) => m.id!);
      const resumed = await readFrames(openTestStream(ctx.db, hub, campaign, ids[4]!), isFinalStatus);
      expect(resumed.frames[0]?.event).not.toBe("snapshot");
      expect(resumed.frames.map((m) => m.id)).toEqual(ids.slice(5));
    });

    it("settles renders that end together in one transaction, still with one progress event per segment, counted up one at a time", async () => {
      // The first sixteen renders are held until all sixteen arrived, then answer together: they end while
      // the first of them is being stored.
      let releaseFirstWave = () => {};
      const firstWave = new Promise<void>((resolve) => (releaseFirstWave = resolve));
      const wide = await startFakeWorker({
        capacity: 16,
        behave: ({ n }) => {
          if (n === 16) releaseFirstWave();
          return { kind: "ok", heldUntil: n <= 16 ? firstWave : undefined };
        },
      });
      const widePool = new WorkerPool({ urls: [wide.url] });
      try {
        await widePool.probe();
        const campaign = await launch({ contacts: appointmentContacts(60, 12, 8), greeting: "Good day" });
        const reading = readFrames(openTestStream(ctx.db, hub, campaign, null), isFinalStatus);
        await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(1);
        const locksBefore = progressLocks;
        const dispatcher = createDispatcher({ db: ctx.db, pool: widePool, pollMs: 20 });
        dispatcher.start();
        expect(await waitForCampaign(ctx.db, campaign.id)).toBe("ready");
        await dispatcher.stop();
        const [snapshot, ...rest] = (await reading).frames;
        const progress = rest.filter((m) => m.event === "progress").map((m) => m.data as Extract<CampaignEvent, { type: "progress" }>);
        // 12 greetings + 8 slots + "Press 1 for clinic n."
        const total = 21;
        expect(progress.map((p) => p.counts.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        expect(new Set(progress.map((p) => p.segmentKey)).size).toBe(total);
        expect(progress.at(-1)!.counts).toEqual({ queued: 0, rendering: 0, done: total, failed: 0, total });
        expect(messagesOf(rest)).toEqual(await storedEvents(ctx, campaign.id, snapshot!.id!));
        expect(rest.at(-1)).toMatchObject({ event: "status", data: { status: "ready" } });
        // Far fewer settle transactions than segments (one per segment would be 21).
        expect(progressLocks - locksBefore).toBeLessThanOrEqual(total / 2);
      } finally {
        await widePool.close();
        await wide.close();
      }
    });

    it("gives 50 streams of one campaign and 5 of another exactly their campaign's events, in order, reading each batch once per process", async () => {
      const [a, b] = [
        await launch({ contacts: appointmentContacts(24, 8, 3) }),
        await launch({ contacts: appointmentContacts(6, 6, 2), greeting: "Hello" }),
      ];
      const streams = [
        ...Array.from({ length: 50 }, () => ({ campaign: a, reading: readFrames(openTestStream(ctx.db, hub, a, null), isFinalStatus) })),
        ...Array.from({ length: 5 }, () => ({ campaign: b, reading: readFrames(openTestStream(ctx.db, hub, b, null), isFinalStatus) })),
      ];
      await expect.poll(() => [hub.subscriberCount(a.id), hub.subscriberCount(b.id)]).toEqual([50, 5]);
      const readsBefore = [readsOf(a.id), readsOf(b.id)];
      await render(a.id, b.id);

      for (const { campaign, reading } of streams) {
        const [snapshot, ...rest] = (await reading).frames;
        expect(snapshot?.event).toBe("snapshot");
        expect(messagesOf(rest)).toEqual(await storedEvents(ctx, campaign.id, snapshot!.id!));
      }
      // Each event was written with one NOTIFY; a stream per process reads at most once per notification
      // (bursts coalesce), however many streams are open: without the hub this would be 50 reads per event.
      const [eventsA, eventsB] = [(await storedEvents(ctx, a.id, 0)).length, (await storedEvents(ctx, b.id, 0)).length];
      const [readsA, readsB] = [readsOf(a.id) - readsBefore[0]!, readsOf(b.id) - readsBefore[1]!];
      expect(readsA).toBeGreaterThan(0);
      expect(readsA).toBeLessThanOrEqual(eventsA);
      expect(readsB).toBeGreaterThan(0);
      expect(readsB).toBeLessThanOrEqual(eventsB);
      await expect.poll(() => [hub.subscriberCount(a.id), hub.subscriberCount(b.id)]).toEqual([0, 0]);
    });

    it("gives a stream that disconnects mid-way and resumes with Last-Event-ID exactly the rest, while the campaign still renders", async () => {
      const campaign = await launch({ contacts: appointmentContacts(30, 10, 3) });
      // A second viewer stays for the whole campaign, so the resumed stream joins a feed that is ahead of it.
      const watcher = readFrames(openTestStream(ctx.db, hub, campaign, null), isFinalStatus);
      const leaving = openTestStream(ctx.db, hub, campaign, null);
      await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(2);
      const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20 });
      dispatcher.start();
      let progress = 0;
      const first = await readFrames(leaving, (f) => f.event === "progress" && ++progress === 3);
      const lastSeen = first.frames.at(-1)!.id!;
      await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(1);
      // Events keep being written while it is away; it comes back with the id of the last one it saw.
      await expect.poll(async () => (await storedEvents(ctx, campaign.id, lastSeen)).length).toBeGreaterThan(2);
      const resumed = readFrames(openTestStream(ctx.db, hub, campaign, lastSeen), isFinalStatus);
      expect(await waitForCampaign(ctx.db, campaign.id)).toBe("ready");
      await dispatcher.stop();

      const snapshotId = first.frames[0]!.id!;
      const rest = (await resumed).frames;
      expect(rest[0]?.event).not.toBe("snapshot");
      expect(messagesOf(rest)).toEqual(await storedEvents(ctx, campaign.id, lastSeen));
      expect([...messagesOf(first.frames), ...messagesOf(rest)]).toEqual(await storedEvents(ctx, campaign.id, snapshotId));
      expect(messagesOf((await watcher).frames.slice(1))).toEqual(await storedEvents(ctx, campaign.id, snapshotId));
    });

    it("ends a stalled client's stream with a retry hint once its buffer is full, without holding up the others", async () => {
      const campaign = await launch({ contacts: appointmentContacts(30, 10, 3) });
      // Never read until the campaign is over: its messages pile up on the server side.
      const stalled = openTestStream(ctx.db, hub, campaign, null, { maxQueuedMessages: 4 });
      const readers = Array.from({ length: 3 }, () => readFrames(openTestStream(ctx.db, hub, campaign, null, { maxQueuedMessages: 4 }), isFinalStatus));
      await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(4);
      await render(campaign.id);

      for (const reading of readers) {
        const [snapshot, ...rest] = (await reading).frames;
        expect(messagesOf(rest)).toEqual(await storedEvents(ctx, campaign.id, snapshot!.id!));
      }
      // The readers left at the final event; the stalled stream had already been dropped from the fan-out.
      await expect.poll(() => hub.subscriberCount(campaign.id)).toBe(0);
      const { frames, ended } = await readFrames(stalled);
      expect(ended).toBe(true);
      expect(frames.length).toBeLessThanOrEqual(5);
      expect(frames.at(-1)).toEqual({ retryMs: 2000 });
      // What it did get is the start of the campaign's events: it resumes from the last id with Last-Event-ID.
      const got = messagesOf(frames);
      expect(got).toEqual((await storedEvents(ctx, campaign.id, frames[0]!.id!)).slice(0, got.length));
    });
  },
  { onQuery: observe },
);
