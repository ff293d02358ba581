import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { users, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookEventType } from "@/drizzle/schema";
import { rowsOf, type DbOrTx } from "@/lib/db";

const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  eventTypes: webhookEndpoints.eventTypes,
  isEnabled: webhookEndpoints.isEnabled,
  disabledReason: webhookEndpoints.disabledReason,
  createdAt: webhookEndpoints.createdAt,
};
export type EndpointRow = { [K in keyof typeof endpointColumns]: (typeof webhookEndpoints.$inferSelect)[K] };
export type ListedEndpointRow = EndpointRow & { createdByName: string | null; createdByEmail: string | null };

export async function insertEndpoint(
  db: DbOrTx,
  values: { organizationId: string; url: string; secret: string; eventTypes: WebhookEventType[]; createdByUserId: string | null },
): Promise<EndpointRow> {
  const [row] = await db.insert(webhookEndpoints).values(values).returning(endpointColumns);
  if (!row) throw new Error("inserting a webhook endpoint returned no row");
  return row;
}

/** The organisation's endpoints, oldest first, each with who added it (null once that person's account is gone). */
export async function listEndpointRows(db: DbOrTx, organizationId: string): Promise<ListedEndpointRow[]> {
  return db
    .select({ ...endpointColumns, createdByName: users.name, createdByEmail: users.email })
    .from(webhookEndpoints)
    .leftJoin(users, eq(users.id, webhookEndpoints.createdByUserId))
    .where(eq(webhookEndpoints.organizationId, organizationId))
    .orderBy(webhookEndpoints.createdAt);
}

/**
 * Turns off every enabled endpoint of the organisation this person added, with the reason, and fails their
 * deliveries still waiting (nothing more is sent to them). The endpoints' ids.
 */
export async function disableEndpointsOfCreator(db: DbOrTx, organizationId: string, userId: string, reason: string): Promise<string[]> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ isEnabled: false, disabledReason: reason })
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.createdByUserId, userId), eq(webhookEndpoints.isEnabled, true)))
    .returning({ id: webhookEndpoints.id });
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await db
      .update(webhookDeliveries)
      .set({ status: "failed" })
      .where(and(inArray(webhookDeliveries.endpointId, ids), eq(webhookDeliveries.status, "pending")));
  }
  return ids;
}

export async function deleteEndpointRow(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** The organisation's enabled endpoints that asked for this event type. */
export async function listSubscribedEndpointIds(db: DbOrTx, organizationId: string, type: WebhookEventType): Promise<string[]> {
  const rows = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, organizationId), eq(webhookEndpoints.isEnabled, true), sql`${type} = any(${webhookEndpoints.eventTypes})`));
  return rows.map((r) => r.id);
}

export async function insertEventWithDeliveries(
  tx: DbOrTx,
  event: { id: string; organizationId: string; type: WebhookEventType; subject: Record<string, string> },
  endpointIds: string[],
): Promise<string[]> {
  await tx.insert(webhookEvents).values(event);
  const rows = await tx
    .insert(webhookDeliveries)
    .values(endpointIds.map((endpointId) => ({ eventId: event.id, endpointId })))
    .returning({ id: webhookDeliveries.id });
  return rows.map((r) => r.id);
}

export type DeliveryToSend = {
  id: string;
  attempts: number;
  url: string;
  secret: string;
  eventId: string;
  eventType: WebhookEventType;
  organizationId: string;
  subject: Record<string, string>;
  eventCreatedAt: Date;
};

/** A delivery still waiting to be sent to an endpoint that is on; null once it is settled or its endpoint is off. */
export async function getDeliveryToSend(db: DbOrTx, id: string): Promise<DeliveryToSend | null> {
  const [row] = await db
    .select({
      id: webhookDeliveries.id,
      attempts: webhookDeliveries.attempts,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
      eventId: webhookEvents.id,
      eventType: webhookEvents.type,
      organizationId: webhookEvents.organizationId,
      subject: webhookEvents.subject,
      eventCreatedAt: webhookEvents.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "pending"), eq(webhookEndpoints.isEnabled, true)));
  return row ?? null;
}

export async function recordAttempt(
  db: DbOrTx,
  deliveryId: string,
  attempt: { statusCode: number | null; error: string | null; durationMs: number; attemptedAt: Date },
  next: { status: "pending" | "delivered" | "failed"; attempts: number; nextAttemptAt: Date },
): Promise<void> {
  await db.insert(webhookAttempts).values({ deliveryId, ...attempt });
  await db.update(webhookDeliveries).set(next).where(eq(webhookDeliveries.id, deliveryId));
}

export type DeliveryLogRow = {
  id: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  eventId: string;
  eventType: WebhookEventType;
  subject: Record<string, string>;
  endpointUrl: string;
};

export async function listDeliveryRows(db: DbOrTx, organizationId: string, limit: number): Promise<DeliveryLogRow[]> {
  return db
    .select({
      id: webhookDeliveries.id,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      createdAt: webhookDeliveries.createdAt,
      eventId: webhookEvents.id,
      eventType: webhookEvents.type,
      subject: webhookEvents.subject,
      endpointUrl: webhookEndpoints.url,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookEvents.organizationId, organizationId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

export type AttemptRow = { deliveryId: string; statusCode: number | null; error: string | null; durationMs: number; attemptedAt: Date };

export async function listAttemptRows(db: DbOrTx, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db
    .select({
      deliveryId: webhookAttempts.deliveryId,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      durationMs: webhookAttempts.durationMs,
      attemptedAt: webhookAttempts.attemptedAt,
    })
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(webhookAttempts.attemptedAt);
}

/**
 * Marks a delivery of this organisation to be sent again, now, whatever became of it (same event, same
 * webhook-id); not to an endpoint that is turned off. The caller makes its job due.
 */
export async function requeueDelivery(db: DbOrTx, organizationId: string, id: string, now: Date): Promise<boolean> {
  const result = await db.execute(sql`
    update webhook_deliveries d set status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz
    from webhook_events e, webhook_endpoints p
    where d.id = ${id} and e.id = d.event_id and e.organization_id = ${organizationId} and p.id = d.endpoint_id and p.is_enabled
    returning d.id`);
  return rowsOf(result).length > 0;
}
