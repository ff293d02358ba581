import { afterAll, beforeAll, expect, it } from "vitest";
import { getCampaignDetail, streamCampaignEvents, type CampaignEvent } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createDispatcher } from "@/lib/dispatcher";
import type { SseMessage } from "@/lib/sse";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../helpers/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

/** Reads messages from the stream until `stop` says enough, then closes it (as a client going away). */
async function collect(iterable: AsyncGenerator<SseMessage>, stop: (m: SseMessage) => boolean): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of iterable) {
    out.push(message);
    if (stop(message)) break;
  }
  return out;
}

const isFinal = (m: SseMessage) => m.event === "status" && ["ready", "partially_failed"].includes((m.data as { status: string }).status);

describeEachDatabase("campaign progress events", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    fake = await startFakeWorker({ capacity: 1 });
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
  });
  afterAll(async () => {
    await pool.close();
    await fake.close();
  });

  it("streams a snapshot, then every count change in order, and resumes after Last-Event-ID without gaps or repeats", async () => {
    const id = await launchTestCampaign(ctx, pool.info()!, { contacts: appointmentContacts(30, 10, 3) });
    const detail = await getCampaignDetail(ctx, id);
    if (!detail.ok) throw new Error(detail.error.message);
    const campaign = { id, status: detail.value.status, launchedAt: new Date(detail.value.launchedAt!) };
    const listen = getDb().listen;

    // The client has its snapshot before any segment finishes, so every change must arrive as an event.
    const stream = streamCampaignEvents({ db: ctx.db, listen, campaign, lastEventId: null, pollMs: 60_000 });
    const first = await stream.next();
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20 });
    dispatcher.start();
    const messages = [first.value as SseMessage, ...(await collect(stream, isFinal))];
    expect(await waitForCampaign(ctx.db, id)).toBe("ready");
    await dispatcher.stop();

    const [snapshot, ...rest] = messages;
    expect(snapshot).toMatchObject({ event: "snapshot", data: { type: "snapshot", status: "rendering" } });
    const progress = rest.filter((m) => m.event === "progress").map((m) => m.data as Extract<CampaignEvent, { type: "progress" }>);
    const total = progress[0]!.counts.total;
    // 10 greetings + 3 slots + "Press one to confirm.", each finishing once, counted up one at a time.
    expect(total).toBe(14);
    expect(progress.map((p) => p.counts.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const ids = rest.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids[0]).toBeGreaterThan(Number(snapshot!.id));

    // A client that dropped after the fifth event reconnects with its id and gets exactly the rest.
    const resumeAfter = ids[4]!;
    const resumed = await collect(streamCampaignEvents({ db: ctx.db, listen, campaign, lastEventId: resumeAfter, pollMs: 60_000 }), isFinal);
    expect(resumed[0]?.event).not.toBe("snapshot");
    expect(resumed.map((m) => Number(m.id))).toEqual(ids.slice(5));
  });
});
