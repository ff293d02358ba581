/**
 * A stand-alone dispatcher process: the real `Dispatcher` loop (lib/renders, wired to campaigns by lib/runtime/dispatcher.ts) against a Postgres URL and one
 * or more workers, as the web process runs it (woken by NOTIFY when renders are queued, polling every
 * --poll-ms besides), so a test can SIGKILL "the web process" mid-campaign.
 *
 *   DATABASE_URL=postgres://… WORKER_URL=http://127.0.0.1:8787[,http://…] WORKER_TOKEN=… \
 *     node --import tsx harness/dispatcher-process.ts [--lease-ms 3000] [--owner name] [--poll-ms 50]
 *
 * Prints one JSON line per dispatcher log entry (debug entries only with LOG_LEVEL=debug), and
 * {"msg":"dispatcher started"} once it is leasing. SIGTERM stops it gracefully (renders in flight are
 * stored) and prints {"msg":"dispatcher stopped"} with its stats and the statements it sent; SIGKILL is
 * the crash a test simulates.
 */
import { parseArgs } from "node:util";
import { RENDERS_QUEUED_CHANNEL } from "@/lib/renders";
import { openDatabase } from "@/lib/db/client";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client/pool";

const { values } = parseArgs({
  options: {
    "lease-ms": { type: "string", default: process.env.LEASE_MS ?? "90000" },
    "poll-ms": { type: "string", default: process.env.POLL_MS ?? "50" },
    owner: { type: "string", default: process.env.DISPATCHER_OWNER },
  },
});

const url = process.env.DATABASE_URL;
const workerUrl = process.env.WORKER_URL;
if (!url || !workerUrl) {
  process.stderr.write("dispatcher-process needs DATABASE_URL and WORKER_URL\n");
  process.exit(2);
}

const log = (entry: Record<string, unknown>) => {
  if (entry.level === "debug" && process.env.LOG_LEVEL !== "debug") return;
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...entry })}\n`);
};
let statements = 0;
const database = await openDatabase({ kind: "postgres", url, max: 5, onQuery: () => void (statements += 1) });
const pool = new WorkerPool({ urls: workerUrl.split(","), token: process.env.WORKER_TOKEN || undefined, renderDeadlineMs: 30_000 });
await pool.probe();
const probeTimer = setInterval(() => void pool.probe({ onlyStale: true }), 1_000);
const dispatcher = createDispatcher({
  db: database.db,
  pool,
  owner: values.owner,
  leaseMs: Number(values["lease-ms"]),
  pollMs: Number(values["poll-ms"]),
  log,
});
await database.listen(RENDERS_QUEUED_CHANNEL, () => dispatcher.notify());
dispatcher.start();
log({ level: "info", msg: "dispatcher started", owner: dispatcher.owner, leaseMs: Number(values["lease-ms"]) });

process.once("SIGTERM", () => {
  clearInterval(probeTimer);
  void dispatcher
    .stop()
    .then(() => log({ level: "info", msg: "dispatcher stopped", stats: dispatcher.stats, statements }))
    .then(() => pool.close())
    .then(() => database.close())
    .finally(() => process.exit(0));
});
