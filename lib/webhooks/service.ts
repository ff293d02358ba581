import type { ScopedCtx } from "@/lib/context";
import { randomBytes, randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db";
import { enqueueJobs, requeueJob } from "@/lib/jobs";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import {
  deleteEndpointRow,
  disableEndpointsOfCreator,
  insertEndpoint,
  insertEventWithDeliveries,
  listAttemptRows,
  listDeliveryRows,
  listEndpointRows,
  listSubscribedEndpointIds,
  requeueDelivery,
  type EndpointRow,
  type ListedEndpointRow,
} from "./queries";
import type { CreateWebhookEndpointInput, WebhookEventType } from "./schemas";
import { checkWebhookUrl, type UrlGuard } from "./url-guard";
import { WEBHOOK_QUEUE } from "./deliver";

export type WebhookErrorCode = "webhook_endpoint_not_found" | "webhook_delivery_not_found" | "webhook_url_refused";
export type WebhookError<C extends WebhookErrorCode = WebhookErrorCode> = AppError<C>;

/**
 * The part of lib/context's Ctx these use-cases read (lib/context imports lib/auth, which calls this domain
 * when a person's access ends, so this module cannot import it back): the database, the caller's
 * organisation, and the signed-in person, if any.
 */
export type WebhooksCtx = ScopedCtx<"id" | "name" | "email">;

export type WebhookEndpointDto = {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  isEnabled: boolean;
  /** Why the app turned it off (its creator left or is no longer an admin); null while it is on. */
  disabledReason: string | null;
  /** Who added it; null when that person's account no longer exists, or it was added before this was recorded. */
  createdBy: { name: string; email: string } | null;
  createdAt: string;
};

const toEndpointDto = (row: EndpointRow, createdBy: WebhookEndpointDto["createdBy"]): WebhookEndpointDto => ({
  id: row.id,
  url: row.url,
  eventTypes: row.eventTypes,
  isEnabled: row.isEnabled,
  disabledReason: row.disabledReason,
  createdBy,
  createdAt: row.createdAt.toISOString(),
});

const listedEndpointDto = (row: ListedEndpointRow) =>
  toEndpointDto(row, row.createdByName !== null && row.createdByEmail !== null ? { name: row.createdByName, email: row.createdByEmail } : null);

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Saves an endpoint; the secret comes back this once and is never shown again. */
export async function createWebhookEndpoint(
  ctx: WebhooksCtx,
  input: CreateWebhookEndpointInput,
  guard: UrlGuard,
): Promise<Result<{ endpoint: WebhookEndpointDto; secret: string }, WebhookError<"webhook_url_refused">>> {
  const url = await checkWebhookUrl(input.url, guard);
  if (!url.ok) return url;
  const secret = newSecret();
  const row = await insertEndpoint(ctx.db, { organizationId: ctx.organization.id, url: url.value.toString(), secret, eventTypes: input.eventTypes, createdByUserId: ctx.user?.id ?? null });
  return ok({ endpoint: toEndpointDto(row, ctx.user ? { name: ctx.user.name, email: ctx.user.email } : null), secret });
}

export async function listWebhookEndpoints(ctx: WebhooksCtx): Promise<WebhookEndpointDto[]> {
  return (await listEndpointRows(ctx.db, ctx.organization.id)).map(listedEndpointDto);
}

/**
 * A person's access ended (removed, or no longer an admin): the endpoints they added stop receiving. They
 * stay listed, turned off with the reason, for an admin to check and add again (with a new secret, which
 * the person who left never saw) or delete: the URL and the signing secret were that person's choice and
 * knowledge, so the app cannot tell whether the receiver is the clinic's or theirs. Endpoints added before
 * creators were recorded belong to the organisation and keep running. Call it in the transaction that ends
 * their access, before their account is deleted. The number turned off.
 */
export async function disableWebhookEndpointsCreatedBy(tx: DbOrTx, input: { organizationId: string; creatorUserId: string; reason: string }): Promise<number> {
  return (await disableEndpointsOfCreator(tx, input.organizationId, input.creatorUserId, input.reason)).length;
}

export async function deleteWebhookEndpoint(ctx: WebhooksCtx, id: string): Promise<Result<{ id: string }, WebhookError<"webhook_endpoint_not_found">>> {
  if (!(await deleteEndpointRow(ctx.db, ctx.organization.id, id))) return err(appError("webhook_endpoint_not_found", "This webhook endpoint does not exist."));
  return ok({ id });
}

/**
 * Puts an event in the outbox, for every endpoint of the organisation that asked for its type. Call it
 * with the transaction of the change it reports: the event then exists exactly when the change committed.
 */
export async function enqueueWebhookEvent(tx: DbOrTx, organizationId: string, type: WebhookEventType, subject: Record<string, string>): Promise<void> {
  const endpointIds = await listSubscribedEndpointIds(tx, organizationId, type);
  if (endpointIds.length === 0) return;
  const deliveryIds = await insertEventWithDeliveries(tx, { id: `msg_${randomUUID().replaceAll("-", "")}`, organizationId, type, subject }, endpointIds);
  await enqueueJobs(
    tx,
    deliveryIds.map((key) => ({ queue: WEBHOOK_QUEUE, key })),
  );
}

export type WebhookAttemptDto = { statusCode: number | null; error: string | null; durationMs: number; attemptedAt: string };
export type WebhookDeliveryDto = {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  subject: Record<string, string>;
  endpointUrl: string;
  status: "pending" | "delivered" | "failed";
  nextAttemptAt: string | null;
  createdAt: string;
  attempts: WebhookAttemptDto[];
};

/** The delivery log: the latest deliveries, newest first, each with every attempt. */
export async function listWebhookDeliveries(ctx: WebhooksCtx, limit = 100): Promise<WebhookDeliveryDto[]> {
  const rows = await listDeliveryRows(ctx.db, ctx.organization.id, limit);
  const attempts = await listAttemptRows(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    subject: r.subject,
    endpointUrl: r.endpointUrl,
    status: r.status,
    nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    attempts: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({ statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, attemptedAt: a.attemptedAt.toISOString() })),
  }));
}

/** Sends a delivery again at the next tick, with the same webhook-id, so a receiver that has it ignores it. */
export async function replayWebhookDelivery(ctx: WebhooksCtx, id: string): Promise<Result<{ id: string }, WebhookError<"webhook_delivery_not_found">>> {
  const now = new Date();
  const found = await ctx.db.transaction(async (tx) => {
    if (!(await requeueDelivery(tx, ctx.organization.id, id, now))) return false;
    await requeueJob(tx, { queue: WEBHOOK_QUEUE, key: id, runAt: now });
    return true;
  });
  if (!found) return err(appError("webhook_delivery_not_found", "This delivery does not exist, or its endpoint is turned off."));
  return ok({ id });
}
