import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/** Every contact, campaign and preview link belongs to exactly one organisation (a clinic or office). */
export const organizations = pgTable("organizations", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  /** Used for appointment dates of contacts that have no timezone of their own. */
  timezone: text().notNull().default("America/New_York"),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const membershipRole = pgEnum("membership_role", ["owner", "member"]);

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
    role: membershipRole().notNull().default("member"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("memberships_user_org_key").on(t.userId, t.organizationId), index("memberships_org_idx").on(t.organizationId)],
);

export type MembershipRole = (typeof membershipRole.enumValues)[number];
