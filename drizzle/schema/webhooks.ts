import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./organizations";

export const webhookEventTypes = [
  "campaign.ready",
  "campaign.partially_failed",
  "campaign.canceled",
  "schedule.skipped",
  "appointment.confirmed",
  "appointment.cancel_requested",
  "contact.opted_out",
  "call.completed",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * Where an organisation's events are POSTed. The secret signs every delivery (Standard Webhooks); it is
 * kept as it is because signing needs it, and shown to the user once, when the endpoint is created.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    url: text().notNull(),
    secret: text().notNull(),
    eventTypes: text().array().$type<WebhookEventType[]>().notNull(),
    isEnabled: boolean().notNull().default(true),
    /** Who added it (null: before this was recorded, or the person's account is gone). */
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    /** Why it stopped receiving, when it was turned off by the app (its creator left or lost the right). */
    disabledReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId), index("webhook_endpoints_created_by_idx").on(t.createdByUserId)],
);

/**
 * The outbox: one row per event, inserted in the transaction of the change it reports, so an event exists
 * exactly when its change committed. `id` is the webhook-id receivers deduplicate on.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text().primaryKey(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    type: text().$type<WebhookEventType>().notNull(),
    /** What the payload is built from at delivery (ids), not the payload: audio URLs are signed fresh each attempt. */
    subject: jsonb().$type<Record<string, string>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_events_org_idx").on(t.organizationId, t.createdAt)],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "delivered", "failed"]);

/** One event to one endpoint: retried with exponential backoff until a 2xx or the last attempt (its job is keyed by this id). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: text()
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    endpointId: uuid()
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    status: webhookDeliveryStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    /** When it is sent next while pending (shown in the log); its job in the `webhook` queue runs it. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webhook_deliveries_event_endpoint_key").on(t.eventId, t.endpointId), index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt)],
);

/** Every attempt, for the delivery log: the receiver's status code, or why there was none. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    statusCode: integer(),
    error: text(),
    durationMs: integer().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);
