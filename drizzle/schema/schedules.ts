import { boolean, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns";
import { organizations } from "./organizations";

/**
 * A saved campaign that runs by itself: on the given weekdays at a local time of the organisation's time
 * zone, each slot copies the campaign's template, voice, speed and shared-number choice into a new campaign
 * for the contacts with an appointment `daysAhead` days after the slot's local date, and launches it.
 */
/** How a slot's campaign reaches the patients: audio files to export (the clinic's own phone system), or calls. */
export const scheduleDelivery = pgEnum("schedule_delivery", ["files", "calls"]);

export const schedules = pgTable(
  "schedules",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The saved campaign whose template, voice and speed every slot uses. */
    campaignId: uuid()
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: smallint().array().notNull(),
    /** "HH:MM", 24-hour, in the organisation's time zone. */
    localTime: text().notNull(),
    daysAhead: integer().notNull().default(1),
    /**
     * When set, only members of this contact list of the organisation are called. Deliberately no foreign key:
     * `on delete set null` would silently widen the schedule to every contact, `cascade` would silently delete
     * the schedule, and `restrict` would make deleting a list fail for a reason the lists page cannot explain.
     * A slot whose list was deleted is skipped with "the list no longer exists" instead, and the page says so.
     */
    listId: uuid(),
    /** "calls": once a slot's campaign is rendered, its calls start by themselves (the organisation's carrier). */
    delivery: scheduleDelivery().notNull().default("files"),
    isPaused: boolean().notNull().default(false),
    /** Slots before this instant never run: set at creation, at every edit and at resume (no catch-up of a pause). */
    activeFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("schedules_org_idx").on(t.organizationId)],
);

export const scheduleRunStatus = pgEnum("schedule_run_status", ["launched", "skipped", "failed"]);

/**
 * One row per slot that ran. The unique key on (schedule, slot) is what makes a slot run once however many
 * processes tick: the row is inserted in the transaction that creates and launches the slot's campaign.
 */
export const scheduleRuns = pgTable(
  "schedule_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    scheduleId: uuid()
      .notNull()
      .references(() => schedules.id, { onDelete: "cascade" }),
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    slotAt: timestamp({ withTimezone: true }).notNull(),
    /** The slot's local date ("2026-03-08") in the organisation's time zone when it ran. */
    localDate: text().notNull(),
    status: scheduleRunStatus().notNull(),
    campaignId: uuid().references(() => campaigns.id, { onDelete: "set null" }),
    recipients: integer().notNull().default(0),
    /** Why a slot was skipped or failed, in words for the history. */
    message: text(),
    /** The schedule's delivery when the slot ran: "calls" runs get their calls started once rendered. */
    delivery: scheduleDelivery().notNull().default("files"),
    /**
     * Set, once, in the transaction that queues the calls of a phone-delivery slot's campaign: the claim
     * that keeps a second tick (or a second process) from starting them again.
     */
    callsStartedAt: timestamp({ withTimezone: true }),
    /** Recipients whose calls that start queued. */
    callsQueued: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("schedule_runs_schedule_slot_key").on(t.scheduleId, t.slotAt), index("schedule_runs_org_idx").on(t.organizationId)],
);

export type ScheduleDelivery = (typeof scheduleDelivery.enumValues)[number];
export type ScheduleRunStatus = (typeof scheduleRunStatus.enumValues)[number];
