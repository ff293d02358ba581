import { index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { organizations } from "./organizations";

export const apiKeyScope = pgEnum("api_key_scope", ["read", "write"]);

/**
 * An organisation's key for other systems (`Authorization: Bearer vck_<prefix>_<secret>`). The prefix finds
 * the row; only the SHA-256 of the 256-bit secret is stored, so a database leak does not leak working keys.
 * Keys are revoked, never deleted, so the audit trail keeps naming them.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    prefix: text().notNull().unique(),
    secretHash: text().notNull(),
    scopes: apiKeyScope().array().notNull(),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute per key, not on every request. */
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    /** Why, when the app revoked it rather than a person (its creator left or lost the right). */
    revokedReason: text(),
  },
  (t) => [index("api_keys_organization_idx").on(t.organizationId), index("api_keys_created_by_idx").on(t.createdByUserId)],
);

export const apiKeyEventKind = pgEnum("api_key_event_kind", ["created", "revoked", "write"]);

/**
 * The audit trail of keys: who created or revoked a key, and every request made with a key that could
 * change data (method, path, status). Reads through a key are not logged one by one; `lastUsedAt` says
 * when a key was last used.
 */
export const apiKeyEvents = pgTable(
  "api_key_events",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    apiKeyId: uuid()
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    kind: apiKeyEventKind().notNull(),
    actorUserId: text().references(() => users.id, { onDelete: "set null" }),
    details: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("api_key_events_key_idx").on(t.apiKeyId, t.createdAt)],
);
