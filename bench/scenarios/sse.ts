/**
 * Scenario 6, the progress stream, served by the same code the route uses (streamCampaignEvents on the
 * process's CampaignEventHub → toSseStream) over real HTTP:
 * - sse: milliseconds from a segment's commit to its progress event arriving at a browser-style client,
 *   while the calibrated model renders a small campaign (the load a real campaign puts on the web process);
 * - sseFanOut: launch-to-ready wall time of one campaign watched by 200 clients ÷ by 1 client, same run,
 *   on PGlite and on Postgres: what watching costs the render.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { campaigns } from "@/drizzle/schema";
import { createCampaign, getCampaignDetail, getCampaignEventHub, launchCampaign, streamCampaignEvents } from "@/lib/campaigns";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { createOrganization } from "@/lib/organizations";
import { toSseStream } from "@/lib/sse";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts } from "../../harness/seed";
import { startTestWorker } from "../../harness/worker-process";
import { referenceContacts, REFERENCE_TEMPLATE } from "../reference-campaign";

type Campaign = { id: string; status: "rendering"; launchedAt: Date };

/** Seeds the reference contacts in a new organisation and launches a campaign for them. */
async function launchReference(database: Database, pool: WorkerPool, contacts: number): Promise<{ campaign: Campaign; segments: number }> {
  const organization = await createOrganization(database.db, { name: "SSE clinic", timezone: "America/New_York" });
  await seedContacts(database.db, organization.id, referenceContacts(contacts));
  const ctx = { db: database.db, organization };
  const created = await createCampaign(ctx, { name: "sse", template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, pool.info());
  if (!created.ok) throw new Error(created.error.message);
  const launched = await launchCampaign(ctx, created.value.id, pool.info());
  if (!launched.ok) throw new Error(launched.error.message);
  const detail = await getCampaignDetail(ctx, created.value.id);
  if (!detail.ok) throw new Error(detail.error.message);
  return { campaign: { id: created.value.id, status: "rendering", launchedAt: new Date(detail.value.launchedAt!) }, segments: launched.value.plan.distinctSegments };
}

/** An HTTP server answering every request with the campaign's progress stream, as the route does. */
async function serveProgress(database: Database, campaign: Campaign) {
  const hub = getCampaignEventHub(database);
  const open = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    open.add(new Promise((resolve) => res.on("close", () => resolve())));
    req.on("close", () => abort.abort());
    const stream = toSseStream((signal) => streamCampaignEvents({ db: database.db, hub, campaign, lastEventId: null, signal }), { signal: abort.signal });
    res.writeHead(200, { "content-type": "text/event-stream" });
    const body = Readable.fromWeb(stream as never);
    body.on("error", () => res.destroy());
    body.pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections();
      await Promise.all(open);
      await hub.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function benchSse(modelDir: string, contacts = 24) {
  const worker = await startTestWorker({ modelDir, threads: 2 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const database = await openDatabase({ kind: "pglite" });
  await migrateDatabase(database);
  const { campaign, segments: total } = await launchReference(database, pool, contacts);
  const server = await serveProgress(database, campaign);

  const arrivals = new Map<string, number>();
  const commits = new Map<string, number>();
  const client = new AbortController();
  const reading = (async () => {
    const res = await fetch(server.url, { signal: client.signal });
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
  await server.close();
  await database.close();
  await pool.close();
  await worker.stop();

  const lags = [...commits].map(([key, at]) => (arrivals.get(key) ?? Number.NaN) - at).filter(Number.isFinite).sort((a, b) => a - b);
  const pct = (p: number) => Number((lags[Math.min(lags.length - 1, Math.floor(lags.length * p))] ?? Number.NaN).toFixed(1));
  return { events: lags.length, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: pct(1), target: 100 };
}

/** Starts `count` clients in their own process; resolves once all have their snapshot. */
async function startClients(url: string, count: number) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "../sse-clients.mjs"), url, String(count)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout });
  const waitFor = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      lines.on("line", (line) => line.startsWith(prefix) && resolve(line));
      child.on("exit", (code) => reject(new Error(`SSE clients exited (${code}) before "${prefix}"`)));
    });
  const finished = waitFor("finished");
  await waitFor("connected");
  return {
    /** Resolves with the fewest events any client received. */
    finished: finished.then((line) => Number(line.split(" ")[1])),
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.on("exit", () => resolve()), child.stdin.end()))),
  };
}

async function renderWatched(database: Database, pool: WorkerPool, contacts: number, clients: number) {
  const { campaign, segments } = await launchReference(database, pool, contacts);
  const server = await serveProgress(database, campaign);
  const watchers = await startClients(server.url, clients);
  const dispatcher = createDispatcher({ db: database.db, pool, pollMs: 20 });
  const started = performance.now();
  dispatcher.start();
  for (;;) {
    const [row] = await database.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaign.id));
    if (row?.status !== "rendering") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const wallMs = performance.now() - started;
  const eventsPerClient = await watchers.finished;
  await dispatcher.stop();
  await watchers.stop();
  await server.close();
  return { wallMs: Math.round(wallMs), segments, eventsPerClient };
}

/**
 * Each run gets a fresh database (so no segment is already rendered) and the same campaign; 1 client, then
 * `clients`, then both again, and each side keeps its faster run (the machine is shared and noisy).
 */
export async function benchSseFanOut(modelDir: string, options: { postgresUrl: string | null; contacts?: number; clients?: number }) {
  const contacts = options.contacts ?? 300;
  const clients = options.clients ?? 200;
  const worker = await startTestWorker({ modelDir, threads: 2 });
  const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined });
  await pool.probe();
  const drivers = options.postgresUrl ? (["pglite", "postgres"] as const) : (["pglite"] as const);
  const results: Record<string, unknown> = {};
  let run = 0;
  for (const driver of drivers) {
    const byClients = new Map<number, { wallMs: number; segments: number; eventsPerClient: number }>();
    for (const n of [1, clients, 1, clients]) {
      const database = await openBenchDatabase(driver, options.postgresUrl, ++run);
      try {
        const result = await renderWatched(database.database, pool, contacts, n);
        const best = byClients.get(n);
        if (!best || result.wallMs < best.wallMs) byClients.set(n, result);
      } finally {
        await database.close();
      }
    }
    const one = byClients.get(1)!;
    const many = byClients.get(clients)!;
    results[driver] = {
      contacts,
      segments: one.segments,
      eventsPerClient: many.eventsPerClient,
      oneClientMs: one.wallMs,
      manyClientsMs: many.wallMs,
      clients,
      ratio: Number((many.wallMs / one.wallMs).toFixed(3)),
      target: 1.1,
    };
  }
  await pool.close();
  await worker.stop();
  return results;
}

/** A fresh migrated database of either driver; on Postgres a database of its own, dropped by close(). */
export async function openBenchDatabase(driver: "pglite" | "postgres", postgresUrl: string | null, run: number) {
  if (driver === "pglite") {
    const database = await openDatabase({ kind: "pglite" });
    await migrateDatabase(database);
    return { database, close: () => database.close() };
  }
  const { createTemplateDatabase, dropDatabase, withDatabaseName } = await import("../../harness/postgres-admin");
  const name = `voice_bench_sse_${run}`;
  await createTemplateDatabase(postgresUrl!, name);
  const database = await openDatabase({ kind: "postgres", url: withDatabaseName(postgresUrl!, name) });
  return {
    database,
    async close() {
      await database.close();
      await dropDatabase(postgresUrl!, name);
    },
  };
}
