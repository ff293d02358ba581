import type { Db } from "@/lib/db";
import { findDoNotCallPhones } from "@/lib/contacts";
import { enqueueJobs, runDueJobs, type Job, type JobOutcome, type RunSummary } from "@/lib/jobs";
import { createCall, INVALID_NUMBER_CODES, listCallsTo } from "./carrier";
import type { CallsConfig } from "./config";
import { recordCallStep, recordFinalOutcome } from "./outcomes";
import { getAttemptWithDelivery, listCallTimesToPhone, lockPhone, markAttemptPlaced, markCallSlotUsed, reserveCallSlot, updateAttempt, type AttemptWithDelivery } from "./queries";
import { loadCarrier } from "./settings";
import { answerAudioStates } from "./answers";
import { getCampaign } from "@/lib/campaigns";
import { nextAllowedByCap, nextCallingTime } from "./window";

/** The job queue of call attempts; a job's key is its attempt's id. */
export const CALL_QUEUE = "call";

/** A lease long enough to wait for a rate slot and the carrier's answer; a placer that dies leaves it to expire. */
const CALL_LEASE_MS = 90_000;
/** Waiting longer than this for a rate slot gives the job back instead (another tick takes it). */
const MAX_SLOT_WAIT_MS = 20_000;

/** How often a call waiting for its sentences' audio looks again, and how long it waits at most. */
const SENTENCE_POLL_MS = 10_000;
export const SENTENCE_WAIT_MAX_MS = 30 * 60_000;

/**
 * Whether the call's own sentences (key prompt, answers, voicemail's last one) are still being rendered, so
 * the call waits: a patient hears them in the campaign's voice, not the carrier's. A sentence whose render
 * failed, or that is still not rendered half an hour after the calls were queued (no worker?), is said by
 * the carrier's voice instead, and the call goes ahead.
 */
async function sentencesBeingPrepared(db: Db, delivery: AttemptWithDelivery["delivery"], at: Date): Promise<boolean> {
  const keys = Object.values(delivery.answerKeys).filter((k): k is string => !!k);
  if (keys.length === 0 || at.getTime() - delivery.createdAt.getTime() > SENTENCE_WAIT_MAX_MS) return false;
  return (await answerAudioStates(db, keys)).pending.size > 0;
}

/** Retries of one attempt whose carrier could not be reached: 1, 2, 4 … 30 minutes apart, 8 tries in all. */
const CALL_RETRY_POLICY = { maxAttempts: 8, baseDelayMs: 60_000, maxDelayMs: 30 * 60_000 };

export function enqueueCallAttempts(db: Db | Parameters<typeof enqueueJobs>[0], attemptIds: string[], runAt: Date): Promise<string[]> {
  return enqueueJobs(
    db,
    attemptIds.map((key) => ({ queue: CALL_QUEUE, key, runAt })),
  );
}

export type PlaceOptions = { db: Db; config: CallsConfig; now?: () => Date; limit?: number; sleep?: (ms: number) => Promise<void> };

/** Attempts one run of placeDueCalls claims (each waits its rate slot, so a run lasts about CALLS_BATCH ÷ rate). */
export const CALLS_BATCH = 10;
/** How long the calls loop waits after a run that found fewer than a full batch due (a call starts at most this late). */
export const CALLS_IDLE_MS = 2_000;

/**
 * When the calls loop runs next after a run: at once when it claimed a full batch (more are probably due,
 * and waiting would leave the carrier rate unused), else after CALLS_IDLE_MS.
 */
export function nextCallsRunInMs(summary: RunSummary, batch = CALLS_BATCH): number {
  return summary.done + summary.retrying + summary.dead + summary.lost >= batch ? 0 : CALLS_IDLE_MS;
}

/** Places the call attempts that are due (one leased job each); see placeAttempt for the order of checks. */
export async function placeDueCalls(options: PlaceOptions): Promise<RunSummary> {
  const now = options.now ?? (() => new Date());
  return runDueJobs<Record<string, never>>({
    db: options.db,
    queue: CALL_QUEUE,
    policy: CALL_RETRY_POLICY,
    leaseMs: CALL_LEASE_MS,
    limit: options.limit ?? CALLS_BATCH,
    concurrency: 1,
    now,
    handler: (job) => placeAttempt(job, options, now),
  });
}

/**
 * Slots 10 % + 10 ms wider than 1/rate. The carrier counts calls when their requests arrive, and a request
 * can leave or arrive late by tens of ms on a busy host; with a 2 % margin, 11 calls arrived in one second
 * at a rate of 10. Ten slots now span 1.2 s, so rate + 1 calls in a second would need 200 ms of jitter.
 */
export function slotIntervalMs(callsPerSecond: number): number {
  return (1000 / callsPerSecond) * 1.1 + 10;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for the organisation's next call slot and takes it, right before a call is sent: null when the
 * call may go now, else how long the wait would be (over MAX_SLOT_WAIT_MS: the job is given back). The slot
 * is then moved on from the moment the wait actually ended, so a wake-up that comes late does not let the
 * next call follow too closely.
 */
export async function takeCallSlot(db: Db, organizationId: string, callsPerSecond: number, sleep: (ms: number) => Promise<void> = sleepFor): Promise<number | null> {
  const interval = slotIntervalMs(callsPerSecond);
  const wait = await reserveCallSlot(db, organizationId, interval);
  if (wait > MAX_SLOT_WAIT_MS) return wait;
  if (wait > 0) await sleep(wait);
  await markCallSlotUsed(db, organizationId, interval);
  return null;
}

/**
 * One attempt: skipped when its delivery has an outcome already or the number opted out; deferred (without
 * counting an attempt) until the calling window opens in the recipient's zone and the number is under its
 * frequency cap; then a slot of the carrier rate is taken, the attempt is marked `creating` (committed
 * BEFORE the carrier is asked) and the call is created. An attempt found in `creating` was interrupted
 * mid-request: the carrier is asked whether the call exists, and it is adopted instead of placed again.
 */
async function placeAttempt(job: Job<Record<string, never>>, options: PlaceOptions, now: () => Date): Promise<JobOutcome> {
  const { db, config } = options;
  const found = await getAttemptWithDelivery(db, job.key);
  if (!found) return { kind: "done" };
  const { attempt, delivery } = found;
  if (attempt.state === "placed" || attempt.state === "ended" || attempt.state === "skipped") return { kind: "done" };
  if ((delivery.outcome || delivery.stopReason) && attempt.state === "queued") {
    await updateAttempt(db, attempt.id, { state: "skipped", error: `the delivery ended: ${delivery.outcome ?? delivery.stopReason}` });
    return { kind: "done" };
  }
  if (attempt.state === "queued" && (await getCampaign(db, delivery.organizationId, delivery.campaignId))?.status === "canceled") {
    // Canceled without its calls (through the campaigns domain alone): nobody not called yet is called.
    await updateAttempt(db, attempt.id, { state: "skipped", error: "the campaign was canceled" });
    await recordFinalOutcome(db, found, "canceled", "not called: the campaign was canceled", now(), { called: false });
    return { kind: "done" };
  }
  const carrier = await loadCarrier(db, delivery.organizationId, config);
  if (!carrier) return { kind: "retry", error: "the organisation's phone call settings are missing or cannot be opened", runAt: new Date(now().getTime() + 15 * 60_000) };
  const { settings, account } = carrier;

  if (attempt.state === "creating" && attempt.creatingAt) {
    const listed = await listCallsTo(account, config.guard, delivery.phone, attempt.creatingAt);
    if (!listed.ok) return giveUpOrRetry(db, job, found, `could not ask the carrier about an interrupted call: ${listed.error.message}`, now());
    const existing = listed.value.sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))[0];
    if (existing) {
      await markAttemptPlaced(db, attempt.id, existing.sid, existing.dateCreated ?? now());
      return { kind: "done" };
    }
    // The carrier has no such call: the request never reached it. It is placed now (checks done before still
    // hold), unless the delivery ended meanwhile (its calls were stopped).
    if (delivery.outcome) {
      await updateAttempt(db, attempt.id, { state: "skipped", error: `the delivery ended: ${delivery.outcome}` });
      return { kind: "done" };
    }
  } else {
    const optedOut = await findDoNotCallPhones(db, delivery.organizationId, [delivery.phone]);
    if (optedOut.size > 0) {
      await updateAttempt(db, attempt.id, { state: "skipped", error: "the number is on the do-not-call list" });
      await recordFinalOutcome(db, found, "opted_out", "on the do-not-call list before the call", now(), { called: false });
      return { kind: "done" };
    }
    const preparing = await sentencesBeingPrepared(db, delivery, now());
    if (preparing) return { kind: "defer", runAt: new Date(now().getTime() + SENTENCE_POLL_MS), reason: "preparing the call sentences" };
    const window = { startMinute: settings.windowStartMinute, endMinute: settings.windowEndMinute, weekdays: settings.weekdays };
    const opens = nextCallingTime(now(), delivery.timezone, window);
    if (!opens) return { kind: "dead", error: "the calling window allows no day" };
    if (opens.getTime() > now().getTime()) return { kind: "defer", runAt: opens, reason: "outside the calling window" };
    // The cap is decided and the attempt marked `creating` (which counts it) under a lock on the number, so two
    // processes placing calls to one number at once cannot both see it under the cap.
    const capped = await db.transaction(async (tx) => {
      await lockPhone(tx, delivery.organizationId, delivery.phone);
      const times = await listCallTimesToPhone(tx, delivery.organizationId, delivery.phone, delivery.id, new Date(now().getTime() - 7 * 24 * 60 * 60_000));
      const allowed = nextAllowedByCap(now(), times, { perDay: settings.capPerDay, perWeek: settings.capPerWeek });
      if (allowed.getTime() > now().getTime()) return allowed;
      await updateAttempt(tx, attempt.id, { state: "creating", creatingAt: now() });
      return null;
    });
    if (capped) return { kind: "defer", runAt: capped, reason: "the number reached its frequency cap" };
  }
  if (attempt.state === "creating") await updateAttempt(db, attempt.id, { creatingAt: now() });
  // The rate slot is taken last, right before the request, so nothing between the slot and the request
  // can bunch calls up. A long wait gives the job back; the attempt stays `creating` and is checked first.
  const wait = await takeCallSlot(db, delivery.organizationId, settings.callsPerSecond, options.sleep ?? sleepFor);
  if (wait !== null) return { kind: "defer", runAt: new Date(now().getTime() + wait), reason: "waiting for the carrier rate" };
  const created = await createCall(account, config.guard, {
    to: delivery.phone,
    from: settings.callerId,
    url: callbackUrl(config, "voice", attempt.id, { r: "1", q: "0" }),
    statusCallback: callbackUrl(config, "status", attempt.id),
    amdCallback: callbackUrl(config, "amd", attempt.id),
  });
  if (created.ok) {
    await markAttemptPlaced(db, attempt.id, created.value.sid, now());
    await recordCallStep(db, found, "placed");
    return { kind: "done" };
  }
  const error = created.error;
  if (error.kind === "unreachable" || error.status >= 500 || error.status === 429) {
    // The request may or may not have reached the carrier: the attempt stays `creating`, and the next run asks first.
    return giveUpOrRetry(db, job, found, `the carrier could not be reached: ${error.message}`, now());
  }
  const invalid = error.code !== null && INVALID_NUMBER_CODES.has(error.code);
  await updateAttempt(db, attempt.id, { state: "ended", carrierStatus: "rejected", errorCode: error.code === null ? null : String(error.code), error: error.message, endedAt: now() });
  await recordFinalOutcome(db, found satisfies AttemptWithDelivery, invalid ? "invalid_number" : "failed", error.message, now());
  return { kind: "done" };
}

/**
 * The carrier cannot be reached: try again later, or, at the last try, end the delivery as failed (the
 * report says the call may have been placed: nobody could tell), so it does not stay "in progress" forever.
 */
async function giveUpOrRetry(db: Db, job: Job<Record<string, never>>, found: AttemptWithDelivery, error: string, at: Date): Promise<JobOutcome> {
  if (job.attempts < CALL_RETRY_POLICY.maxAttempts) return { kind: "retry", error };
  await updateAttempt(db, found.attempt.id, { state: "ended", carrierStatus: "unknown", error, endedAt: at });
  await recordFinalOutcome(db, found, "failed", `${error}; after ${job.attempts} tries the call is given up (it may have been placed)`, at);
  return { kind: "dead", error };
}

/** A callback URL the carrier is given: APP_URL based, with the attempt it is about (the carrier signs it). */
export function callbackUrl(config: CallsConfig, kind: "voice" | "gather" | "status" | "amd", attemptId: string, extra: Record<string, string> = {}): string {
  const url = new URL(`/api/carrier/${kind}`, config.publicUrl);
  url.search = new URLSearchParams({ a: attemptId, ...extra }).toString();
  return url.toString();
}
