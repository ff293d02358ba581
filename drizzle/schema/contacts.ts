import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

export const contacts = pgTable(
  "contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /**
     * The patient id of the clinic's own system: a contact's identity when the file has one. Without it, a
     * re-import matches on name and phone together; a phone number alone never identifies a contact, since a
     * family may share one.
     */
    externalId: text(),
    firstName: text(),
    lastName: text(),
    /** E.164, normalised with libphonenumber-js at import; several contacts (a family) may share one. */
    phone: text().notNull(),
    email: text(),
    /** IANA zone ("America/New_York"); appointment dates are spoken in it. */
    timezone: text(),
    /** Preferred language as a BCP-47 tag ("es", "en"); a value the import did not know is kept as written. */
    language: text(),
    attributes: jsonb().$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("contacts_org_phone_idx").on(t.organizationId, t.phone),
    uniqueIndex("contacts_org_external_id_key")
      .on(t.organizationId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // The contacts page sorts by name or by date added; these serve its pages without sorting 50,000 rows.
    index("contacts_org_name_idx").on(t.organizationId, t.lastName, t.firstName, t.id),
    index("contacts_org_created_idx").on(t.organizationId, t.createdAt, t.id),
  ],
);

export const appointments = pgTable(
  "appointments",
  {
    id: uuid().primaryKey().defaultRandom(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    provider: text(),
    location: text(),
    /**
     * The file's status, normalised (scheduled, confirmed, unconfirmed, rescheduled, cancelled, broken,
     * no_show, completed); null when the file gave none. Cancelled, broken, no-show and completed ones are
     * never reminded.
     */
    status: text(),
    /** What the patient answered on a reminder call (key 1 or 2), and when. */
    callAnswer: text().$type<"confirmed" | "cancel_requested">(),
    callAnsweredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A re-import of the same row updates the appointment instead of adding a second one.
    uniqueIndex("appointments_contact_starts_at_key").on(t.contactId, t.startsAt),
  ],
);

/** One row per CSV import: the report the user saw, kept so a later look can explain what happened. */
export const contactImports = pgTable(
  "contact_imports",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fileName: text(),
    rowsTotal: integer().notNull(),
    rowsCreated: integer().notNull(),
    rowsUpdated: integer().notNull(),
    rowsFailed: integer().notNull(),
    errors: jsonb().$type<{ row: number; column?: string; message: string }[]>().notNull().default([]),
    /** Each name or time zone of a saved contact the import changed, row by row. */
    changes: jsonb().$type<{ row: number; contactId: string; field: "name" | "timezone"; from: string | null; to: string; message: string }[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contact_imports_org_created_idx").on(t.organizationId, t.createdAt)],
);

/**
 * The column mapping an organisation chose for a file, kept by the file's header row (`headersKey`: the
 * headers squashed and joined), so the next file with the same headers imports without the question.
 */
export const importMappings = pgTable(
  "import_mappings",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    headersKey: text().notNull(),
    /** Role per header text, and the order in which phone columns are tried. */
    columns: jsonb().$type<Record<string, string>>().notNull(),
    phoneOrder: jsonb().$type<string[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("import_mappings_org_headers_key").on(t.organizationId, t.headersKey)],
);
