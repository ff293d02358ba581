import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * An organisation's named voice blend ("House voice" → "af_heart(2)+af_bella(1)"). Campaigns store the
 * mix string itself, not this row, so renaming or deleting a saved mix never changes a campaign's audio.
 */
export const voiceMixes = pgTable(
  "voice_mixes",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    voice: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // Names are unique per organisation whatever their letter case: "House voice" and "house voice" would be
  // two entries nobody can tell apart in the picker.
  (t) => [uniqueIndex("voice_mixes_organization_name_idx").on(t.organizationId, sql`lower(${t.name})`)],
);
