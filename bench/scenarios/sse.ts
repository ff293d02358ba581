/**
 * Scenario 6: milliseconds from a segment's commit to the progress event arriving at an HTTP client of the
 * same SSE stream code the route uses (streamCampaignEvents → toSseStream), read as a browser would, while
 * the calibrated model renders a small campaign (the load a real campaign puts on the web process).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { getCampaignDetail, streamCampaignEvents } from "@/lib/campaigns";
import { createDispatcher } from "@/lib/dispatcher";
import { toSseStream } from "@/lib/sse";
import { WorkerPool } from "@/lib/worker-client";
import { migrateDatabase, openDatabase } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { seedContacts } from "../../harness/seed";
import { startTestWorker } from "../../harness/worker-process";
import { referenceContacts, REFERENCE_TEMPLATE } from "../reference-campaign";

export async function benchSse(modelDir: string, contacts = 24) {
  const worker = await startTestWorker({ modelDir, threads: 2 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const database = await openDatabase({ kind: "pglite" });
  await migrateDatabase(database);
  const organization = await createOrganization(database.db, { name: "SSE clinic", timezone: "America/New_York" });
  await seedContacts(database.db, organization.id, referenceContacts(contacts));
  const ctx = { db: database.db, organization };
  const created = await createCampaign(ctx, { name: "sse", template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, pool.info());
  if (!created.ok) throw new Error(created.error.message);
  const launched = await launchCampaign(ctx, created.value.id, pool.info());
  if (!launched.ok) throw new Error(launched.error.message);
  const detail = await getCampaignDetail(ctx, created.value.id);
  if (!detail.ok) throw new Error(detail.error.message);

  let streamClosed: Promise<void> = Promise.resolve();
  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    streamClosed = new Promise((resolve) => res.on("close", () => setTimeout(resolve, 50)));
    req.on("close", () => abort.abort());
    const events = streamCampaignEvents({
      db: database.db,
      listen: database.listen,
      campaign: { id: created.value.id, status: "rendering" },
      lastEventId: null,
    });
    res.writeHead(200, { "content-type": "text/event-stream" });
    const body = Readable.fromWeb(toSseStream(events, { signal: abort.signal }) as never);
    body.on("error", () => res.destroy());
    body.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const arrivals = new Map<string, number>();
  const commits = new Map<string, number>();
  const client = new AbortController();
  const total = launched.value.plan.distinctSegments;
  const reading = (async () => {
    const res = await fetch(url, { signal: client.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split("\n").find((l) => l.startsWith("data: "));
        if (!frame.includes("event: progress") || !data) continue;
        arrivals.set(JSON.parse(data.slice(6)).segmentKey as string, performance.now());
        if (arrivals.size === total) return;
      }
    }
  })().catch((error: Error) => {
    if (error.name !== "AbortError") throw error;
  });
  await new Promise((r) => setTimeout(r, 200)); // the client is connected and has its snapshot

  // The dispatcher logs "segment rendered" right after the segment's transaction commits.
  const dispatcher = createDispatcher({
    db: database.db,
    pool,
    pollMs: 20,
    log: (entry) => {
      if (entry.msg === "segment rendered") commits.set(String(entry.segment), performance.now());
    },
  });
  dispatcher.start();
  await reading;
  client.abort();
  await dispatcher.stop();
  await streamClosed;
  await new Promise((resolve) => server.close(resolve));
  await database.close();
  await pool.close();
  await worker.stop();

  const lags = [...commits].map(([key, at]) => (arrivals.get(key) ?? Number.NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
  const pct = (p: number) => Number((lags[Math.min(lags.length - 1, Math.floor(lags.length * p))] ?? Number.NaN).toFixed(1));
  return { events: lags.length, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: pct(1), target: 100 };
}
