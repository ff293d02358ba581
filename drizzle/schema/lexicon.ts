import { pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/**
 * An organisation's pronunciation dictionary: a word or name and how to say it. Applied to every sentence
 * before its audio key is computed, so an edit changes exactly the keys of the sentences that hold the word.
 * `termKey` is the term in lower case: one entry per spelling, whatever its case, in each language.
 * `language` (a primary tag: "en", "es") is the language of the messages the entry is said in: a Spanish
 * message is said with the Spanish entries only, an English one with the English entries only.
 */
export const pronunciations = pgTable(
  "pronunciations",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    term: text().notNull(),
    termKey: text().notNull(),
    sayAs: text().notNull(),
    language: text().notNull().default("en"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("pronunciations_organization_language_term_idx").on(t.organizationId, t.language, t.termKey)],
);
