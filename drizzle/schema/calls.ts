import { index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { campaignRecipients, campaigns } from "./campaigns";
import { contacts } from "./contacts";
import { organizations } from "./organizations";

export const carrierProviders = ["twilio", "signalwire-compatible"] as const;
export type CarrierProvider = (typeof carrierProviders)[number];

/** What each key's short spoken answer says, per organisation (null: the default sentence). */
export type CallAnswerTexts = { confirmed?: string; cancelRequested?: string; optedOut?: string; voicemailCallback?: string; prompt?: string };

/**
 * How an organisation's calls are placed: the carrier account, the caller ID and the rules every call
 * obeys (rate, calling window in the recipient's own zone, frequency cap per number, retries). The auth
 * token is kept encrypted (AES-256-GCM, key derived from the app's secret) and never read back out.
 */
export const carrierSettings = pgTable("carrier_settings", {
  organizationId: uuid()
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  provider: text().$type<CarrierProvider>().notNull().default("twilio"),
  baseUrl: text().notNull().default("https://api.twilio.com"),
  accountSid: text().notNull(),
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url); see lib/calls/secret-box.ts. */
  authTokenSealed: text().notNull(),
  callerId: text().notNull(),
  callsPerSecond: real().notNull().default(1),
  /** Minutes after local midnight: calls start at or after windowStart and end before windowEnd. */
  windowStartMinute: smallint().notNull().default(540),
  windowEndMinute: smallint().notNull().default(1200),
  /** ISO weekdays (1 Monday … 7 Sunday) calls are allowed on. */
  weekdays: smallint().array().$type<number[]>().notNull().default([1, 2, 3, 4, 5, 6]),
  capPerDay: smallint().notNull().default(1),
  capPerWeek: smallint().notNull().default(3),
  /** Attempts after the first when a call is busy, unanswered or failed. */
  retries: smallint().notNull().default(2),
  retryDelayMinutes: smallint().notNull().default(30),
  /** Said at the end of a voicemail ("please call us back on …"). */
  callbackNumber: text(),
  answerTexts: jsonb().$type<CallAnswerTexts>().notNull().default({}),
  /** The carrier rate's token bucket, shared by every process: the earliest time the next call may start. */
  nextCallAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const callOutcomes = [
  "confirmed",
  "cancel_requested",
  "opted_out",
  "voicemail",
  "answered_no_key",
  "no_answer",
  "busy",
  "invalid_number",
  "failed",
  "stopped",
] as const;
export type CallOutcome = (typeof callOutcomes)[number];

/** One campaign recipient being called: its final outcome once known. */
export const callDeliveries = pgTable(
  "call_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    recipientId: uuid()
      .notNull()
      .references(() => campaignRecipients.id, { onDelete: "cascade" }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    phone: text().notNull(),
    /** The zone the calling window is read in: the contact's own, else the organisation's. */
    timezone: text().notNull(),
    messageKey: text().notNull(),
    /** The spoken answers' own messages (rendered in the campaign's voice), by what they say; see call_answer_messages. */
    answerKeys: jsonb().$type<Partial<Record<CallAnswerKind, string>>>().notNull().default({}),
    outcome: text().$type<CallOutcome>(),
    /** Why, for failed outcomes (the carrier's error). */
    outcomeDetail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("call_deliveries_recipient_key").on(t.recipientId), index("call_deliveries_campaign_idx").on(t.campaignId), index("call_deliveries_phone_idx").on(t.organizationId, t.phone)],
);

/**
 * One call attempt. Its row is written before the carrier is asked, in state `creating`; the carrier's
 * sid is saved when the create answers. An attempt found in `creating` (its placer died mid-request) is
 * resolved by asking the carrier for calls to the number since `creatingAt`, never by calling again.
 */
export const callAttempts = pgTable(
  "call_attempts",
  {
    id: uuid().primaryKey().defaultRandom(),
    deliveryId: uuid()
      .notNull()
      .references(() => callDeliveries.id, { onDelete: "cascade" }),
    attemptNo: smallint().notNull(),
    state: text().$type<"queued" | "creating" | "placed" | "ended" | "skipped">().notNull().default("queued"),
    carrierSid: text(),
    carrierStatus: text(),
    answeredBy: text(),
    digits: text(),
    durationSeconds: integer(),
    errorCode: text(),
    error: text(),
    creatingAt: timestamp({ withTimezone: true }),
    placedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("call_attempts_delivery_no_key").on(t.deliveryId, t.attemptNo), uniqueIndex("call_attempts_sid_key").on(t.carrierSid)],
);

export type CallAnswerKind = "prompt" | "confirmed" | "cancelRequested" | "optedOut" | "voicemailCallback";

/**
 * The short sentences a call speaks besides the message (key prompt, answers, voicemail's last sentence),
 * rendered through the same segment path as messages: the dispatcher renders their segments, and their
 * audio is served, signed, to the carrier for the organisation that planned them.
 */
export const callAnswerMessages = pgTable(
  "call_answer_messages",
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    messageKey: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.messageKey] }), index("call_answer_messages_key_idx").on(t.messageKey)],
);

/** Carrier callbacks already handled, so a replayed one is refused. */
export const callCallbacks = pgTable(
  "call_callbacks",
  {
    carrierSid: text().notNull(),
    eventKey: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.carrierSid, t.eventKey] })],
);
