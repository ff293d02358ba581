import { randomBytes, randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import {
  deleteEndpointRow,
  insertEndpoint,
  insertEventWithDeliveries,
  listAttemptRows,
  listDeliveryRows,
  listEndpointRows,
  listSubscribedEndpointIds,
  requeueDelivery,
  type EndpointRow,
} from "./queries";
import type { CreateWebhookEndpointInput, WebhookEventType } from "./schemas";
import { checkWebhookUrl, type UrlGuard } from "./url-guard";

export type WebhookErrorCode = "webhook_endpoint_not_found" | "webhook_delivery_not_found" | "webhook_url_refused";
export type WebhookError<C extends WebhookErrorCode = WebhookErrorCode> = AppError<C>;

export type WebhookEndpointDto = { id: string; url: string; eventTypes: WebhookEventType[]; isEnabled: boolean; createdAt: string };

const toEndpointDto = (row: EndpointRow): WebhookEndpointDto => ({
  id: row.id,
  url: row.url,
  eventTypes: row.eventTypes,
  isEnabled: row.isEnabled,
  createdAt: row.createdAt.toISOString(),
});

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** Saves an endpoint; the secret comes back this once and is never shown again. */
export async function createWebhookEndpoint(
  ctx: Ctx,
  input: CreateWebhookEndpointInput,
  guard: UrlGuard,
): Promise<Result<{ endpoint: WebhookEndpointDto; secret: string }, WebhookError<"webhook_url_refused">>> {
  const url = await checkWebhookUrl(input.url, guard);
  if (!url.ok) return url;
  const secret = newSecret();
  const row = await insertEndpoint(ctx.db, { organizationId: ctx.organization.id, url: url.value.toString(), secret, eventTypes: input.eventTypes });
  return ok({ endpoint: toEndpointDto(row), secret });
}

export async function listWebhookEndpoints(ctx: Ctx): Promise<WebhookEndpointDto[]> {
  return (await listEndpointRows(ctx.db, ctx.organization.id)).map(toEndpointDto);
}

export async function deleteWebhookEndpoint(ctx: Ctx, id: string): Promise<Result<{ id: string }, WebhookError<"webhook_endpoint_not_found">>> {
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
  await insertEventWithDeliveries(tx, { id: `msg_${randomUUID().replaceAll("-", "")}`, organizationId, type, subject }, endpointIds);
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
export async function listWebhookDeliveries(ctx: Ctx, limit = 100): Promise<WebhookDeliveryDto[]> {
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
export async function replayWebhookDelivery(ctx: Ctx, id: string): Promise<Result<{ id: string }, WebhookError<"webhook_delivery_not_found">>> {
  if (!(await requeueDelivery(ctx.db, ctx.organization.id, id, new Date()))) return err(appError("webhook_delivery_not_found", "This delivery does not exist."));
  return ok({ id });
}
