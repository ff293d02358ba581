import "server-only";
import { getAudioUrlSigningKey } from "@/lib/auth";
import { runAutomationTick } from "@/lib/automations";
import { placeDueCalls } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { QUEUED_CHANNEL } from "@/lib/campaigns";
import { getDatabase } from "@/lib/db";
import { createDispatcher } from "@/lib/dispatcher";
import { env } from "@/lib/env";
import type { Dispatcher } from "@/lib/renders";
import { getWorkerPool, getWorkerPoolStatus } from "@/lib/worker-client";

/**
 * How long one serverless dispatch pass may run (after() and the cron route): under the routes'
 * `maxDuration` of 300 s, leaving time to store the renders still in flight.
 */
export const SERVERLESS_DISPATCH_BUDGET_MS = 250_000;

/** How often the loop looks for due schedule slots and webhooks (a slot runs at most this late). */
const AUTOMATION_TICK_MS = 15_000;

/** How often the loop looks for call attempts that are due (each waits its turn at the carrier rate). */
const CALLS_TICK_MS = 2_000;

type Holder = {
  __voiceDispatcher?: Dispatcher;
  __voiceProbeTimer?: ReturnType<typeof setInterval>;
  __voiceAutomationTimer?: ReturnType<typeof setTimeout>;
  __voiceCallsTimer?: ReturnType<typeof setTimeout>;
};
const holder = globalThis as Holder;

const log = (entry: Record<string, unknown>) => {
  if (entry.level === "debug" && env.LOG_LEVEL !== "debug") return;
  console.log(JSON.stringify({ ...entry, component: "dispatcher" }));
};

async function createProcessDispatcher(): Promise<Dispatcher> {
  const database = await getDatabase();
  return createDispatcher({ db: database.db, pool: getWorkerPool(), log });
}

/**
 * Self-hosted mode: one dispatcher loop inside the long-running web process, woken by NOTIFY when a launch
 * queues renders and by its own poll for expired leases and retries. Workers are re-probed every few
 * seconds so a restarted or added worker is picked up.
 */
export async function startDispatcherLoop(): Promise<void> {
  if (holder.__voiceDispatcher) return;
  const dispatcher = await createProcessDispatcher();
  holder.__voiceDispatcher = dispatcher;
  const database = await getDatabase();
  await database.listen(QUEUED_CHANNEL, () => dispatcher.notify());
  const pool = getWorkerPool();
  await pool.probe();
  holder.__voiceProbeTimer = setInterval(() => void pool.probe(), 5_000);
  holder.__voiceProbeTimer.unref();
  dispatcher.start();
  log({ level: "info", msg: "dispatcher started", owner: dispatcher.owner, workers: env.TTS_WORKER_URLS.length });
  // One tick at a time, the next one after the last has finished: a slow receiver never stacks ticks up.
  const tick = async () => {
    await runAutomations().catch((error: unknown) => log({ level: "error", msg: "automation tick failed", error: String(error) }));
    holder.__voiceAutomationTimer = setTimeout(() => void tick(), AUTOMATION_TICK_MS);
    holder.__voiceAutomationTimer.unref();
  };
  void tick();
  const callsTick = async () => {
    await placeCalls().catch((error: unknown) => log({ level: "error", msg: "placing calls failed", error: String(error) }));
    holder.__voiceCallsTimer = setTimeout(() => void callsTick(), CALLS_TICK_MS);
    holder.__voiceCallsTimer.unref();
  };
  void callsTick();
  const stop = () => {
    clearInterval(holder.__voiceProbeTimer);
    clearTimeout(holder.__voiceAutomationTimer);
    clearTimeout(holder.__voiceCallsTimer);
    void dispatcher.stop();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/**
 * Serverless mode (Vercel): dispatch for at most `budgetMs` inside `after()` or the cron route. Leases keep
 * concurrent invocations from rendering the same segment.
 */
export async function dispatchFor(budgetMs = SERVERLESS_DISPATCH_BUDGET_MS) {
  const pool = getWorkerPool();
  await pool.probe();
  const dispatcher = await createProcessDispatcher();
  return dispatcher.runFor(budgetMs);
}

/**
 * Runs the due schedule slots and delivers the due webhooks once: every AUTOMATION_TICK_MS in the loop,
 * and on every cron call on serverless hosts. Any number of processes may run it at once.
 */
export async function runAutomations() {
  const database = await getDatabase();
  return runAutomationTick({
    db: database.db,
    worker: await getWorkerPoolStatus(),
    payload: { baseUrl: env.APP_URL, signing: { key: getAudioUrlSigningKey() } },
    webhooks: { guard: { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS } },
    log: (entry) => log({ ...entry, component: "automations" }),
  });
}

/** Places the call attempts that are due (leased jobs: any number of processes may run it at once). */
export async function placeCalls() {
  const database = await getDatabase();
  const summary = await placeDueCalls({ db: database.db, config: getCallsConfig() });
  if (summary.done + summary.retrying + summary.dead > 0) log({ level: "info", msg: "calls placed", component: "calls", ...summary });
  return summary;
}
