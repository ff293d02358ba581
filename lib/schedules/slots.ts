import { DateTime } from "luxon";

/** When a schedule runs: ISO weekdays (1 = Monday) at "HH:MM" in an IANA time zone. */
export type ScheduleTiming = { weekdays: readonly number[]; localTime: string; timezone: string };

/** One run of a schedule: the instant it fires and the local date it belongs to. */
export type Slot = { at: Date; localDate: string };

/**
 * The instant of `localTime` on a local date, by one rule across daylight-saving changes:
 * - a time the clocks skip (02:30 on a spring-forward day in New York) fires as far past the jump as it
 *   was into the gap: 03:30 new time, the instant 02:30 old time would have been;
 * - a time that happens twice (01:30 on a fall-back day) fires at its first occurrence, in summer time.
 * Either way each local date has exactly one slot.
 */
export function slotOn(timing: ScheduleTiming, localDate: string): Slot {
  const [hour, minute] = timing.localTime.split(":").map(Number) as [number, number];
  const day = DateTime.fromISO(localDate, { zone: timing.timezone });
  // Luxon resolves both cases this way (tests/unit/schedules/slots.test.ts holds it to that).
  return { at: day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate(), localDate };
}

/** Every slot with `from <= at <= to`, oldest first. */
export function listSlotsBetween(timing: ScheduleTiming, from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  const last = DateTime.fromJSDate(to, { zone: timing.timezone }).plus({ days: 1 }).toISODate()!;
  for (let day = DateTime.fromJSDate(from, { zone: timing.timezone }).minus({ days: 1 }); day.toISODate()! <= last; day = day.plus({ days: 1 })) {
    if (!timing.weekdays.includes(day.weekday)) continue;
    const slot = slotOn(timing, day.toISODate()!);
    if (slot.at >= from && slot.at <= to) slots.push(slot);
  }
  return slots;
}

/** The first slot strictly after `after`; null when the schedule has no weekday. */
export function nextSlotAfter(timing: ScheduleTiming, after: Date): Slot | null {
  if (timing.weekdays.length === 0) return null;
  const start = DateTime.fromJSDate(after, { zone: timing.timezone });
  for (let i = 0; i <= 8; i++) {
    const day = start.plus({ days: i });
    if (!timing.weekdays.includes(day.weekday)) continue;
    const slot = slotOn(timing, day.toISODate()!);
    if (slot.at > after) return slot;
  }
  return null;
}
