import "server-only";
import { after } from "next/server";
import { CALLS_IDLE_MS, nextCallsRunInMs, placeDueCalls } from "@/lib/calls";
import { env } from "@/lib/env";
import { deleteExpiredRateLimits } from "@/lib/rate-limits";
import { RENDERS_QUEUED_CHANNEL } from "@/lib/renders";
import { runAutomationTick } from "./automations";
import { createDispatcher } from "./dispatcher";
import { dispatchLoopSlot, getAudioUrlSigningKey, getCallsConfig, getDatabase, getWorkerPool, getWorkerPoolStatus } from "./resources";

/**
 * How renders get dispatched in this process, in one place. A long-running server (DISPATCH_MODE=loop)
 * runs one dispatcher loop, woken by NOTIFY on the renders' queue channel when a launch, retry or
 * re-render queues work; serverless hosts (DISPATCH_MODE=request) dispatch after responding and from the
 * cron route. Use-cases that queue renders call kickDispatch() once they have answered.
 */

/**
 * How long one serverless dispatch pass may run (after() and the cron route): under the routes'
 * `maxDuration` of 300 s, leaving time to store the renders still in flight.
 */
export const SERVERLESS_DISPATCH_BUDGET_MS = 250_000;

/** How often the loop looks for due schedule slots and webhooks (a slot runs at most this late). */
const AUTOMATION_TICK_MS = 15_000;

const log = (entry: Record<string, unknown>) => {
  if (entry.level === "debug" && env.LOG_LEVEL !== "debug") return;
  console.log(JSON.stringify({ ...entry, component: "dispatcher" }));
};

async function createProcessDispatcher() {
  const database = await getDatabase();
  return createDispatcher({ db: database.db, pool: getWorkerPool(), log });
}

/**
 * After a request queued renders: nothing to do where the loop runs (the queue's NOTIFY, sent at commit,
 * wakes it); on serverless hosts, dispatch once the answer is sent, for as long as the function may live.
 */
export function kickDispatch(): void {
  if (env.DISPATCH_MODE === "request") after(() => dispatchFor());
}

/**
 * Self-hosted mode: one dispatcher loop inside the long-running web process, woken by NOTIFY when renders
 * are queued and by its own poll for expired leases and retries. Workers are re-probed every few seconds
 * so a restarted or added worker is picked up; schedules and webhooks run every AUTOMATION_TICK_MS; due
 * call attempts are placed batch after batch while full batches are due, then looked for every few seconds.
 */
export async function startDispatcherLoop(): Promise<void> {
  if (dispatchLoopSlot.get()) return;
  const dispatcher = await createProcessDispatcher();
  let automationTimer: ReturnType<typeof setTimeout> | undefined;
  let callsTimer: ReturnType<typeof setTimeout> | undefined;
  const pool = getWorkerPool();
  const probeTimer = setInterval(() => void pool.probe(), 5_000);
  probeTimer.unref();
  const stop = () => {
    clearInterval(probeTimer);
    clearTimeout(automationTimer);
    clearTimeout(callsTimer);
    void dispatcher.stop();
  };
  dispatchLoopSlot.set({ dispatcher, stop });
  const database = await getDatabase();
  await database.listen(RENDERS_QUEUED_CHANNEL, () => dispatcher.notify());
  await pool.probe();
  dispatcher.start();
  log({ level: "info", msg: "dispatcher started", owner: dispatcher.owner, workers: env.TTS_WORKER_URLS.length });
  // One tick at a time, the next one after the last has finished: a slow receiver never stacks ticks up.
  const tick = async () => {
    await runAutomations().catch((error: unknown) => log({ level: "error", msg: "automation tick failed", error: String(error) }));
    automationTimer = setTimeout(() => void tick(), AUTOMATION_TICK_MS);
    automationTimer.unref();
  };
  void tick();
  const callsTick = async () => {
    const summary = await placeCalls().catch((error: unknown) => log({ level: "error", msg: "placing calls failed", error: String(error) }));
    callsTimer = setTimeout(() => void callsTick(), summary ? nextCallsRunInMs(summary) : CALLS_IDLE_MS);
    callsTimer.unref();
  };
  void callsTick();
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
 * Runs the due schedule slots, starts the calls of phone-delivery slots once rendered, delivers the due webhooks and deletes ended rate-limit windows, once: every
 * AUTOMATION_TICK_MS in the loop, and on every cron call on serverless hosts. Any number of processes may
 * run it at once.
 */
export async function runAutomations() {
  const database = await getDatabase();
  const summary = await runAutomationTick({
    db: database.db,
    worker: await getWorkerPoolStatus(),
    payload: { baseUrl: env.APP_URL, signing: { key: getAudioUrlSigningKey() } },
    webhooks: { guard: { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS } },
    calls: getCallsConfig(),
    log: (entry) => log({ ...entry, component: "automations" }),
  });
  await deleteExpiredRateLimits(database.db).catch((error: unknown) => log({ level: "warn", msg: "rate limit sweep failed", error: (error as Error).message }));
  return summary;
}

/** Places the call attempts that are due (leased jobs: any number of processes may run it at once). */
export async function placeCalls() {
  const database = await getDatabase();
  const summary = await placeDueCalls({ db: database.db, config: getCallsConfig() });
  if (summary.done + summary.retrying + summary.dead > 0) log({ level: "info", msg: "calls placed", component: "calls", ...summary });
  return summary;
}
