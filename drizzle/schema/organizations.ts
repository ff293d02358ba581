import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/** Every contact, campaign and preview link belongs to exactly one organisation (a clinic or office). */
export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** Used for appointment dates of contacts that have no timezone of their own. */
  timezone: text().notNull().default("America/New_York"),
  /** ISO 3166 country that national numbers ("06 12 34 56 78") are read in when a contact's zone says none. */
  phoneCountry: text().notNull().default("US"),
  /** E.164 number patients can call back; the starter message and the lint use it. */
  callbackNumber: text(),
  /** The phone system whose audio profile the campaign page and exports offer first (lib/values/audio-profiles.ts). */
  phoneSystem: text().notNull().default("generic"),
  /**
   * The language a new campaign is written in, and the version a contact without a preferred language hears
   * (a primary tag of a language the voices speak: "en", "es").
   */
  defaultLanguage: text().notNull().default("en"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * What a person may do in their organisation (lib/values/roles.ts says what each role allows): `owner` (one per
 * organisation) runs the team, `admin` the clinic's settings and what sends data out or runs by itself,
 * `staff` the day-to-day work on contacts and campaigns.
 */
export const membershipRole = pgEnum("membership_role", ["owner", "admin", "staff"]);

/** Which organisation a signed-in user works in: the session resolves to a user, the membership to the rows it may touch. */
export const memberships = pgTable(
  "memberships",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    role: membershipRole().notNull().default("staff"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("memberships_user_org_key").on(t.userId, t.organizationId), index("memberships_org_idx").on(t.organizationId)],
);

export type MembershipRole = (typeof membershipRole.enumValues)[number];
