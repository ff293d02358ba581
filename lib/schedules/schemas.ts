import { z } from "zod";
import type { AppointmentWindow } from "@/lib/contacts/appointment-window";

/** The `schedule_delivery` values (drizzle/schema/schedules.ts), kept free of the schema so client forms can load them. */
export const SCHEDULE_DELIVERIES = ["files", "calls"] as const;

/** How far ahead a schedule may look for appointments. */
export const MAX_DAYS_AHEAD = 14;

export const scheduleInputSchema = z.object({
  name: z.string().trim().min(1, "Give the schedule a name").max(120, "Keep the name under 120 characters"),
  campaignId: z.uuid("Pick the campaign to run"),
  weekdays: z
    .array(z.coerce.number().int().min(1).max(7))
    .min(1, "Pick at least one day of the week")
    .max(7)
    .transform((days) => [...new Set(days)].sort()),
  localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 09:00"),
  daysAhead: z.coerce
    .number()
    .int("Use a whole number of days")
    .min(0, "Use 0 for appointments on the same day")
    .max(MAX_DAYS_AHEAD, `Look at most ${MAX_DAYS_AHEAD} days ahead`)
    .default(1),
  /** Only contacts in this list of the organisation; null or absent: every contact with an appointment that day. */
  listId: z.uuid("Pick one of your lists").nullish(),
  /** "files": audio to export, as before; "calls": the slot's calls start by themselves once it is rendered. */
  delivery: z.enum(SCHEDULE_DELIVERIES, { message: 'Deliver by "files" or "calls".' }).default("files"),
});
type ParsedScheduleInput = z.infer<typeof scheduleInputSchema>;
/** The parsed input; `delivery` may be left out by callers inside lib (files, as before phone delivery existed). */
export type ScheduleInput = Omit<ParsedScheduleInput, "delivery"> & Partial<Pick<ParsedScheduleInput, "delivery">>;

/** How each delivery reads in the list and the form. */
export const DELIVERY_LABELS = { files: "Audio files (export)", calls: "Call the recipients" } as const;

export const scheduleIdSchema = z.object({ id: z.uuid() });

/** The answer shapes of the schedules API (lib/schedules/service.ts builds them), for the OpenAPI document. */
export const scheduleDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  campaignId: z.uuid(),
  campaignName: z.string(),
  weekdays: z.array(z.number().int()),
  localTime: z.string(),
  timezone: z.string(),
  daysAhead: z.number().int(),
  list: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  delivery: z.enum(SCHEDULE_DELIVERIES),
  isPaused: z.boolean(),
  nextRunAt: z.iso.datetime().nullable(),
});

export const scheduleRunDtoSchema = z.object({
  id: z.uuid(),
  slotAt: z.iso.datetime(),
  localDate: z.string(),
  status: z.enum(["launched", "skipped", "failed"]),
  campaignId: z.uuid().nullable(),
  recipients: z.number().int(),
  message: z.string().nullable(),
  delivery: z.enum(SCHEDULE_DELIVERIES),
  callsStartedAt: z.iso.datetime().nullable(),
  callsQueued: z.number().int().nullable(),
});

/** A schedule's `daysAhead` as the appointment window it picks: the calendar day that many days after the slot's date. */
export function scheduleWindow(daysAhead: number): AppointmentWindow {
  return daysAhead === 1 ? { kind: "tomorrow" } : { kind: "inDays", days: daysAhead };
}

/** What a schedule's slot picks, in words: the appointments of one calendar day relative to the slot's date. */
export function describeScheduleWindow(daysAhead: number): string {
  if (daysAhead === 0) return "appointments the same day";
  if (daysAhead === 1) return "appointments the next day (the whole calendar day)";
  return `appointments ${daysAhead} days later (the whole calendar day)`;
}
