import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Every contact, campaign and preview link belongs to exactly one organisation (a clinic or office). */
export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** Used for appointment dates of contacts that have no timezone of their own. */
  timezone: text().notNull().default("America/New_York"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
