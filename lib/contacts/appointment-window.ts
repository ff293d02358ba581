import { DateTime } from "luxon";
import { z } from "zod";

/*
 * "Which appointments" is always a choice of calendar days in the organisation's time zone: tomorrow, the
 * day N days from today, a date, a range of dates, or today through N days from today. The builder, its
 * counts, schedules, the API and every sentence that describes the choice resolve it with
 * resolveAppointmentWindow below, so "tomorrow" finds the same patients at 08:00 as at 16:00, and across a
 * daylight-saving change (a day of 23 or 25 hours) it is still that one local day.
 */

/** The furthest ahead a window may reach, in days from today. */
export const MAX_WINDOW_DAYS = 365;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2026-03-03")
  .refine((s) => DateTime.fromISO(s, { zone: "UTC" }).isValid, "This date does not exist");

const daysSchema = (min: number) =>
  z.coerce
    .number()
    .int("Use a whole number of days")
    .min(min, min === 0 ? "Use 0 for today" : `Use at least ${min} day`)
    .max(MAX_WINDOW_DAYS, `Look at most ${MAX_WINDOW_DAYS} days ahead`);

export const appointmentWindowSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("tomorrow") }).meta({ description: "Appointments tomorrow (the whole calendar day)." }),
    z.object({ kind: z.literal("inDays"), days: daysSchema(0) }).meta({ description: "Appointments on the day `days` days from today (0: today, 1: tomorrow)." }),
    z.object({ kind: z.literal("date"), date: isoDate }).meta({ description: "Appointments on this date." }),
    z.object({ kind: z.literal("range"), from: isoDate, to: isoDate }).meta({ description: "Appointments from the date `from` through the date `to`, both included." }),
    z
      .object({ kind: z.literal("nextDays"), days: daysSchema(1) })
      .meta({ description: "Appointments from now through the end of the day `days` days from today (the rest of today included)." }),
  ])
  .refine((w) => w.kind !== "range" || w.from <= w.to, { message: "The range must end on or after its first day", path: ["to"] })
  .refine((w) => w.kind !== "range" || DateTime.fromISO(w.to, { zone: "UTC" }).diff(DateTime.fromISO(w.from, { zone: "UTC" }), "days").days <= MAX_WINDOW_DAYS, {
    message: `A range can span at most ${MAX_WINDOW_DAYS} days`,
    path: ["to"],
  })
  .meta({
    id: "AppointmentWindow",
    description:
      "Which appointments, as calendar days in the organisation's time zone. Appointments that have already started are never included.",
  });
export type AppointmentWindow = z.infer<typeof appointmentWindowSchema>;

/** The instants a window covers: appointments with `from <= startsAt < to`, and the local dates it spans. */
export type AppointmentRange = { from: Date; to: Date; firstDate: string; lastDate: string };

/** Today's date in the time zone, as YYYY-MM-DD. */
export function localDateOf(now: Date, timezone: string): string {
  return DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
}

function localDays(window: AppointmentWindow, today: string): { first: string; last: string } {
  const plus = (days: number) => DateTime.fromISO(today, { zone: "UTC" }).plus({ days }).toISODate()!;
  switch (window.kind) {
    case "tomorrow":
      return { first: plus(1), last: plus(1) };
    case "inDays":
      return { first: plus(window.days), last: plus(window.days) };
    case "date":
      return { first: window.date, last: window.date };
    case "range":
      return { first: window.from, last: window.to };
    case "nextDays":
      return { first: today, last: plus(window.days) };
  }
}

/**
 * THE definition of a window: from the start of its first local day (or now, if later: an appointment that
 * started is not reminded of) to the start of the day after its last, in `timezone`. `today` is the local
 * date the window counts from (a schedule's slot date; by default the date of `now` in the time zone).
 */
export function resolveAppointmentWindow(window: AppointmentWindow, timezone: string, now: Date, today = localDateOf(now, timezone)): AppointmentRange {
  const { first, last } = localDays(window, today);
  const start = DateTime.fromISO(first, { zone: timezone }).startOf("day").toJSDate();
  const end = DateTime.fromISO(last, { zone: timezone }).plus({ days: 1 }).startOf("day").toJSDate();
  return { from: start > now ? start : now, to: end, firstDate: first, lastDate: last };
}

const dayFormat = (date: string) => DateTime.fromISO(date, { zone: "UTC" }).setLocale("en-US").toFormat("cccc, LLLL d, yyyy");

/** The window in words, as the builder, the campaign page and schedules say it: "tomorrow (Tuesday, March 3, 2026)". */
export function describeAppointmentWindow(window: AppointmentWindow, timezone: string, now: Date, today = localDateOf(now, timezone)): string {
  const { first, last } = localDays(window, today);
  switch (window.kind) {
    case "tomorrow":
      return `tomorrow (${dayFormat(first)})`;
    case "inDays":
      return window.days === 0 ? `today (${dayFormat(first)})` : window.days === 1 ? `tomorrow (${dayFormat(first)})` : `in ${window.days} days (${dayFormat(first)})`;
    case "date":
      return `on ${dayFormat(first)}`;
    case "range":
      return first === last ? `on ${dayFormat(first)}` : `from ${dayFormat(first)} through ${dayFormat(last)}`;
    case "nextDays":
      return `from now through ${dayFormat(last)} (the next ${window.days} day${window.days === 1 ? "" : "s"})`;
  }
}

/**
 * A window as one query-string value, for GET filters: "tomorrow", "in:3", "next:7", "2026-03-03" or
 * "2026-03-03..2026-03-06".
 */
export function formatAppointmentWindowParam(window: AppointmentWindow): string {
  switch (window.kind) {
    case "tomorrow":
      return "tomorrow";
    case "inDays":
      return `in:${window.days}`;
    case "date":
      return window.date;
    case "range":
      return `${window.from}..${window.to}`;
    case "nextDays":
      return `next:${window.days}`;
  }
}

function parseParam(value: string): unknown {
  const v = value.trim();
  if (v === "tomorrow") return { kind: "tomorrow" };
  if (v.startsWith("in:")) return { kind: "inDays", days: v.slice(3) };
  if (v.startsWith("next:")) return { kind: "nextDays", days: v.slice(5) };
  const [from, to, ...rest] = v.split("..");
  if (to !== undefined && rest.length === 0) return { kind: "range", from, to };
  return { kind: "date", date: v };
}

/** The query-string form of a window, parsed into one. */
export const appointmentWindowParamSchema = z
  .string()
  .max(30)
  .transform((value, ctx) => {
    const parsed = appointmentWindowSchema.safeParse(parseParam(value));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: `'${value.slice(0, 30)}' is not a window: use tomorrow, in:N, next:N, a date (2026-03-03) or a range (2026-03-03..2026-03-06)` });
    return z.NEVER;
  })
  .meta({ description: "Only contacts with an appointment in this window: tomorrow, in:N (the day N days from today), next:N, a date (2026-03-03) or a range (2026-03-03..2026-03-06), in the organisation's time zone." });
