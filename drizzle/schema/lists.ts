import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { contacts } from "./contacts";
import { organizations } from "./organizations";

/** A named group of an organisation's contacts ("Monday's schedule", "Hygiene recall"); a campaign can go to one. */
export const contactLists = pgTable(
  "contact_lists",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Names differ by more than case: "Monday" and "monday" would be one list to the people who pick them.
  (t) => [uniqueIndex("contact_lists_org_lower_name_key").on(t.organizationId, sql`lower(${t.name})`)],
);

/** Which contacts a list holds. Deleting a contact or a list removes its memberships. */
export const contactListMembers = pgTable(
  "contact_list_members",
  {
    listId: uuid()
      .notNull()
      .references(() => contactLists.id, { onDelete: "cascade" }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.contactId] }), index("contact_list_members_contact_idx").on(t.contactId)],
);

/**
 * Numbers an organisation must not call, keyed by the E.164 number rather than by contact: a request not to
 * be called is about the number, so it holds for the contact who has it today, for a later import that brings
 * the number back (even after the contact was deleted), and for numbers of a do-not-call file that match no
 * contact yet. A contact is opted out when its phone is here.
 */
export const doNotCall = pgTable(
  "do_not_call",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    phone: text().notNull(),
    reason: text(),
    /** How it was set: by hand on the contact page, a CSV column, a do-not-call file, or the API. */
    /** `call`: the patient pressed 9 on a reminder call. */
    source: text().$type<"manual" | "import" | "file" | "api" | "call">().notNull(),
    setByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * The bulk opt-out (a file, an API list, an import's opt-out column) that put the number here; undoing
     * the batch removes exactly its rows. Null for a number's own opt-out (by hand, one contact through the
     * API), which a batch undo never touches: an own opt-out of a number a batch added takes the row over.
     */
    batchId: uuid().references((): AnyPgColumn => doNotCallBatches.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phone] }), index("do_not_call_batch_idx").on(t.batchId)],
);

/** One bulk opt-out: what it was, how many numbers it added, and whether (and by whom) it was undone. */
export const doNotCallBatches = pgTable(
  "do_not_call_batches",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    source: text().$type<"import" | "file" | "api">().notNull(),
    fileName: text(),
    /** Valid numbers given, each once. */
    numbers: integer().notNull(),
    /** Numbers this batch put on the list (the others were on it already). */
    added: integer().notNull(),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true }),
    undoneByUserId: text().references(() => users.id, { onDelete: "set null" }),
    /** Numbers the undo took off the list. */
    removed: integer(),
  },
  (t) => [index("do_not_call_batches_org_created_idx").on(t.organizationId, t.createdAt)],
);
