import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { campaignRecipients, campaigns } from "./campaigns";
import { organizations } from "./organizations";

/**
 * An expiring, revocable link anyone can open to hear a campaign (or one recipient's message, or a sample for
 * a fictional patient). Only the
 * sha256 of the 128-bit token is stored, so a database leak does not leak working links.
 */
export const previewLinks = pgTable(
  "preview_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    recipientId: uuid().references(() => campaignRecipients.id, { onDelete: "cascade" }),
    /**
     * Set on a sample link: the one message it plays, the campaign's text for a fictional patient (no real
     * recipient's details); null on a link that plays the campaign's real messages.
     */
    sampleMessageKey: text(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    viewCount: integer().notNull().default(0),
    lastViewedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("preview_links_campaign_idx").on(t.campaignId)],
);

/**
 * Every open of a preview page: when, from which client (a short hash of the address the rate limits key
 * on, so repeated opens from one place show as one key without storing the address) and with what browser.
 * The clinic sees them beside the link, to know who has been listening.
 */
export const previewLinkOpens = pgTable(
  "preview_link_opens",
  {
    id: uuid().primaryKey().defaultRandom(),
    linkId: uuid()
      .notNull()
      .references(() => previewLinks.id, { onDelete: "cascade" }),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    clientKey: text().notNull(),
    userAgent: text(),
  },
  (t) => [index("preview_link_opens_link_idx").on(t.linkId, t.openedAt)],
);
