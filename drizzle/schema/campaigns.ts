import { type AnyPgColumn, bigserial, index, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { contacts } from "./contacts";
import { organizations } from "./organizations";
import { messages, segments } from "./renders";

export const campaignStatus = pgEnum("campaign_status", [
  "draft",
  "rendering",
  "ready",
  "partially_failed",
  "canceled",
]);

/** Which appointments, as calendar days in the organisation's time zone (lib/contacts/appointment-window.ts). */
export type StoredAppointmentWindow =
  | { kind: "tomorrow" }
  | { kind: "inDays"; days: number }
  | { kind: "date"; date: string }
  | { kind: "range"; from: string; to: string }
  | { kind: "nextDays"; days: number };

/**
 * How a campaign's recipients were chosen, so a draft reopens with the same choice and a copy can choose
 * again: everyone, contacts with an appointment in a window of days, contacts named by id (the ids
 * themselves live in campaign_recipients), or a contact list, optionally only its contacts with an
 * appointment in a window; `resolvedOn` is the organisation's local date the window was counted from when
 * the recipients were chosen, so "tomorrow" can be named as the date it meant. (Rows written before windows had `withinDays: N`; migration 0012 made them
 * `window: {kind: "nextDays", days: N}`.)
 */
export type StoredRecipientSelection =
  | { mode: "all" }
  | { mode: "upcoming"; window: StoredAppointmentWindow; resolvedOn?: string }
  | { mode: "contacts" }
  | { mode: "list"; listId: string; window?: StoredAppointmentWindow; resolvedOn?: string };

export type MissingValuePolicy = "ask" | "fallback" | "skip";

/** Patients who share a number and have appointments the same day: one message each, or one naming each. */
export type SharedNumberPolicy = "each" | "together";

/** One more language of a campaign's message (language is a primary tag: "es"). */
export type CampaignVersionRow = { language: string; template: string; voice: string };

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text().notNull(),
    template: text().notNull(),
    voice: text().notNull(),
    speed: real().notNull().default(1),
    /** The language `template` is written in and `voice` speaks: what a recipient without a version of their own hears. */
    language: text().notNull().default("en"),
    /** The message in other languages, each with a voice of that language; a recipient hears the one in their language. */
    versions: jsonb().$type<CampaignVersionRow[]>().notNull().default([]),
    status: campaignStatus().notNull().default("draft"),
    recipientSelection: jsonb().$type<StoredRecipientSelection>().notNull().default({ mode: "all" }),
    /** A recipient whose message would miss a value: "ask" refuses to launch until chosen, "fallback" says the template's fallback, "skip" leaves them out. */
    missingValues: text().$type<MissingValuePolicy>().notNull().default("ask"),
    /** Patients who share a number with appointments the same day: "each" gets their own message, "together" one naming each. */
    sharedNumbers: text().$type<SharedNumberPolicy>().notNull().default("each"),
    /** Engine and model version the campaign was planned for; part of every segment key it uses. */
    engine: text(),
    modelVersion: text(),
    launchedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The key the client sent with the create request: a repeated request (a double click) returns this campaign. */
    creationKey: text(),
  },
  (t) => [index("campaigns_org_created_idx").on(t.organizationId, t.createdAt), uniqueIndex("campaigns_org_creation_key_idx").on(t.organizationId, t.creationKey)],
);

export const campaignRecipients = pgTable(
  "campaign_recipients",
  {
    id: uuid().primaryKey().defaultRandom(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** Set at launch: the content address of this recipient's message. */
    messageKey: text().references(() => messages.key),
    /**
     * Set at launch when this recipient is spoken to in another recipient's message (same number, same day,
     * the campaign says them together): that recipient's call carries it, so this one gets no call of its own.
     */
    sharedWithRecipientId: uuid().references((): AnyPgColumn => campaignRecipients.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("campaign_recipients_campaign_contact_key").on(t.campaignId, t.contactId),
    index("campaign_recipients_message_idx").on(t.messageKey),
  ],
);

/** The distinct segments a launched campaign needs: progress is counted over this set. */
export const campaignSegments = pgTable(
  "campaign_segments",
  {
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    segmentKey: text()
      .notNull()
      .references(() => segments.key),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.segmentKey] }), index("campaign_segments_segment_idx").on(t.segmentKey)],
);

/**
 * Append-only progress log per campaign. Its serial id is the SSE event id, so a client reconnecting with
 * Last-Event-ID resumes exactly after the last event it saw.
 */
export const campaignEvents = pgTable(
  "campaign_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    type: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("campaign_events_campaign_id_idx").on(t.campaignId, t.id)],
);

export type CampaignStatus = (typeof campaignStatus.enumValues)[number];
