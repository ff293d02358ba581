import "server-only";
import { getDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { getWorkerPool } from "@/lib/worker-client";
import { Dispatcher, QUEUED_CHANNEL } from "./dispatch";

type Holder = { __voiceDispatcher?: Dispatcher; __voiceProbeTimer?: ReturnType<typeof setInterval> };
const holder = globalThis as Holder;

const log = (entry: Record<string, unknown>) => {
  if (entry.level === "debug" && env.LOG_LEVEL !== "debug") return;
  console.log(JSON.stringify({ ...entry, component: "dispatcher" }));
};

async function createDispatcher(): Promise<Dispatcher> {
  const database = await getDatabase();
  return new Dispatcher({ db: database.db, pool: getWorkerPool(), log });
}

/**
 * Self-hosted mode: one dispatcher loop inside the long-running web process, woken by NOTIFY when a launch
 * queues renders and by its own poll for expired leases and retries. Workers are re-probed every few
 * seconds so a restarted or added worker is picked up.
 */
export async function startDispatcherLoop(): Promise<void> {
  if (holder.__voiceDispatcher) return;
  const dispatcher = await createDispatcher();
  holder.__voiceDispatcher = dispatcher;
  const database = await getDatabase();
  await database.listen(QUEUED_CHANNEL, () => dispatcher.notify());
  const pool = getWorkerPool();
  await pool.probe();
  holder.__voiceProbeTimer = setInterval(() => void pool.probe(), 5_000);
  holder.__voiceProbeTimer.unref();
  dispatcher.start();
  log({ level: "info", msg: "dispatcher started", owner: dispatcher.owner, workers: env.TTS_WORKER_URLS.length });
  const stop = () => {
    clearInterval(holder.__voiceProbeTimer);
    void dispatcher.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/**
 * Serverless mode (Vercel): dispatch for at most `budgetMs` inside `after()` or the cron route. Leases keep
 * concurrent invocations from rendering the same segment.
 */
export async function dispatchFor(budgetMs: number) {
  const pool = getWorkerPool();
  await pool.probe();
  const dispatcher = await createDispatcher();
  return dispatcher.runFor(budgetMs);
}
