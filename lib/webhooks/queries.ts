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
      .set({ status: "failed", leasedUntil: null })
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
): Promise<void> {
  await tx.insert(webhookEvents).values(event);
  await tx.insert(webhookDeliveries).values(endpointIds.map((endpointId) => ({ eventId: event.id, endpointId })));
}

export type LeasedDelivery = {
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

/**
 * Takes up to `limit` due deliveries for this deliverer until `leasedUntil`. `skip locked` lets several
 * processes lease at once without waiting on or taking each other's rows.
 */
export async function leaseDueDeliveries(db: DbOrTx, now: Date, leasedUntil: Date, limit: number): Promise<LeasedDelivery[]> {
  const result = await db.execute(sql`
    with due as (
      select wd.id from webhook_deliveries wd
      join webhook_endpoints we on we.id = wd.endpoint_id and we.is_enabled
      where wd.status = 'pending' and wd.next_attempt_at <= ${now.toISOString()}::timestamptz
        and (wd.leased_until is null or wd.leased_until <= ${now.toISOString()}::timestamptz)
      order by wd.next_attempt_at
      limit ${limit}
      for update of wd skip locked
    )
    update webhook_deliveries d set leased_until = ${leasedUntil.toISOString()}::timestamptz
    from due, webhook_endpoints p, webhook_events e
    where d.id = due.id and p.id = d.endpoint_id and e.id = d.event_id
    returning d.id, d.attempts, p.url, p.secret, e.id as "eventId", e.type as "eventType", e.organization_id as "organizationId",
      e.subject, e.created_at as "eventCreatedAt"`);
  return rowsOf<LeasedDelivery & { eventCreatedAt: Date | string }>(result).map((r) => ({ ...r, eventCreatedAt: new Date(r.eventCreatedAt) }));
}

export async function recordAttempt(
  db: DbOrTx,
  deliveryId: string,
  attempt: { statusCode: number | null; error: string | null; durationMs: number; attemptedAt: Date },
  next: { status: "pending" | "delivered" | "failed"; attempts: number; nextAttemptAt: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({ deliveryId, ...attempt });
    await tx.update(webhookDeliveries).set({ ...next, leasedUntil: null }).where(eq(webhookDeliveries.id, deliveryId));
  });
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
 * Sends a delivery of this organisation again, now, whatever became of it (same event, same webhook-id);
 * not to an endpoint that is turned off.
 */
export async function requeueDelivery(db: DbOrTx, organizationId: string, id: string, now: Date): Promise<boolean> {
  const result = await db.execute(sql`
    update webhook_deliveries d set status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz, leased_until = null
    from webhook_events e, webhook_endpoints p
    where d.id = ${id} and e.id = d.event_id and e.organization_id = ${organizationId} and p.id = d.endpoint_id and p.is_enabled
    returning d.id`);
  return rowsOf(result).length > 0;
}
