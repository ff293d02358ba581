import { performance } from "node:perf_hooks";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { Agent, request } from "undici";
import type { Db } from "@/lib/db";
import { claimJobs, settleJob } from "@/lib/jobs";
import { getDeliveryToSend, recordAttempt, type DeliveryToSend } from "./queries";
import type { WebhookEventType } from "./schemas";
import { guardedLookup, isPublicAddress, type UrlGuard } from "./url-guard";

export type WebhookEvent = { id: string; type: WebhookEventType; organizationId: string; subject: Record<string, string>; createdAt: Date };

/** Builds an event's `data` at delivery time (so signed audio URLs are fresh on every attempt). */
export type WebhookDataBuilder = (event: WebhookEvent) => Promise<Record<string, unknown>>;

export type DeliverOptions = {
  db: Db;
  buildData: WebhookDataBuilder;
  guard: UrlGuard;
  now?: () => Date;
  /** A receiver that has not answered by then counts as failed (and is retried). */
  timeoutMs?: number;
  /** Delay before retry n (1-based): baseDelayMs × 2^(n−1), at most maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** After this many failed attempts a delivery is marked failed; the log's replay button sends it again. */
  maxAttempts?: number;
  batchSize?: number;
  log?: (entry: Record<string, unknown>) => void;
};

export type DeliverSummary = { delivered: number; retrying: number; failed: number };

export const WEBHOOK_DEFAULTS = { timeoutMs: 10_000, baseDelayMs: 30_000, maxDelayMs: 6 * 60 * 60 * 1000, maxAttempts: 10, batchSize: 20 } as const;

const agents = new Map<boolean, Agent>();
function agentFor(guard: UrlGuard): Agent {
  let agent = agents.get(guard.allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(guard) }, keepAliveTimeout: 4_000 });
    agents.set(guard.allowPrivate, agent);
  }
  return agent;
}

export function retryDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

/** The job queue webhook deliveries run in; a delivery's job is keyed by the delivery's id. */
export const WEBHOOK_QUEUE = "webhook";

/**
 * Delivers the webhooks that are due: leases their jobs, POSTs each signed the Standard Webhooks way
 * (webhook-id = the event id, so a receiver deduplicates retries and replays on it), and records the
 * attempt with the job's next state in one transaction. A 2xx is delivered; anything else (no answer,
 * timeout, other status) is retried with exponential backoff. At least once: a deliverer that dies
 * mid-POST leaves the lease to expire.
 */
export async function deliverDueWebhooks(options: DeliverOptions): Promise<DeliverSummary> {
  const settings = { ...WEBHOOK_DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? (() => new Date());
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 };
  const jobs = await claimJobs({ db: options.db, queue: WEBHOOK_QUEUE, now: now(), leaseMs: settings.timeoutMs * 2 + 30_000, limit: settings.batchSize });
  await Promise.all(
    jobs.map(async (job) => {
      const delivery = await getDeliveryToSend(options.db, job.key);
      // Settled meanwhile (its endpoint was turned off, or it was delivered through another job run): nothing to send.
      if (!delivery) return void (await settleJob(options.db, job, { status: "done" }, now()));
      const attemptedAt = now();
      const outcome = await attempt(delivery, options, settings.timeoutMs, attemptedAt);
      const attempts = delivery.attempts + 1;
      const status = outcome.ok ? "delivered" : attempts >= settings.maxAttempts ? "failed" : "pending";
      const nextAttemptAt = status === "pending" ? new Date(attemptedAt.getTime() + retryDelayMs(attempts, settings.baseDelayMs, settings.maxDelayMs)) : attemptedAt;
      const recorded = await options.db.transaction(async (tx) => {
        const settled = await settleJob(tx, job, settlementOf(status, nextAttemptAt, outcome.error), attemptedAt);
        // A lease that ran out mid-POST belongs to another deliverer now: it records its own attempt.
        if (settled) await recordAttempt(tx, delivery.id, { statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs, attemptedAt }, { status, attempts, nextAttemptAt });
        return settled;
      });
      if (!recorded) return;
      summary[status === "pending" ? "retrying" : status]++;
      options.log?.({ level: outcome.ok ? "info" : "warn", msg: `webhook ${status}`, deliveryId: delivery.id, eventId: delivery.eventId, statusCode: outcome.statusCode, error: outcome.error });
    }),
  );
  return summary;
}

function settlementOf(status: "delivered" | "failed" | "pending", runAt: Date, error: string | null) {
  if (status === "delivered") return { status: "done" } as const;
  if (status === "failed") return { status: "dead", error: error ?? "failed" } as const;
  return { status: "pending", runAt, error: error ?? "failed" } as const;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type AttemptOutcome = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

async function attempt(delivery: DeliveryToSend, options: DeliverOptions, timeoutMs: number, at: Date): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (o: Omit<AttemptOutcome, "durationMs">): AttemptOutcome => ({ ...o, durationMs: Math.round(performance.now() - started) });
  const host = new URL(delivery.url).hostname.replace(/^\[|\]$/g, "");
  // A literal IP is connected to without a lookup, so the connect-time guard would not see it.
  if (!options.guard.allowPrivate && isIP(host) && !isPublicAddress(host)) return done({ ok: false, statusCode: null, error: `${host} is a private or local address` });
  try {
    const event: WebhookEvent = { id: delivery.eventId, type: delivery.eventType, organizationId: delivery.organizationId, subject: delivery.subject, createdAt: delivery.eventCreatedAt };
    const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: await options.buildData(event) });
    const signature = new Webhook(delivery.secret).sign(delivery.eventId, at, body);
    const response = await request(delivery.url, {
      method: "POST",
      dispatcher: agentFor(options.guard),
      headers: {
        "content-type": "application/json",
        "user-agent": "voice-campaigns-webhooks/1",
        "webhook-id": delivery.eventId,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not used; read it so the connection can be reused.
    await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    return done({ ok, statusCode: response.statusCode, error: ok ? null : `the receiver answered ${response.statusCode}` });
  } catch (error) {
    return done({ ok: false, statusCode: null, error: describeError(error, timeoutMs) });
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.code === "UND_ERR_HEADERS_TIMEOUT" || e.code === "UND_ERR_BODY_TIMEOUT") return `no answer within ${timeoutMs} ms`;
  const code = e.code ?? e.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "EPRIVATE") return `${e.message ?? "the host resolves only to private addresses"} (WEBHOOKS_ALLOW_PRIVATE_URLS=1 allows them)`;
  return e.message ?? String(error);
}
