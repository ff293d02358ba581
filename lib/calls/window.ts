import { DateTime } from "luxon";

/** Calls are never placed outside 8:00–21:00 local time, whatever an organisation sets (TCPA's limits). */
export const LEGAL_WINDOW = { startMinute: 8 * 60, endMinute: 21 * 60 } as const;

export type CallingWindow = { startMinute: number; endMinute: number; weekdays: readonly number[] };

/**
 * The earliest moment at or after `now` inside the calling window, read in `timeZone` (local wall-clock
 * minutes, so a day on which the clocks change still opens at 9:00 local). Null when no weekday is allowed.
 */
export function nextCallingTime(now: Date, timeZone: string, window: CallingWindow): Date | null {
  const start = Math.max(window.startMinute, LEGAL_WINDOW.startMinute);
  const end = Math.min(window.endMinute, LEGAL_WINDOW.endMinute);
  if (end <= start || window.weekdays.length === 0) return null;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  for (let day = 0; day < 8; day++) {
    const date = local.plus({ days: day }).startOf("day");
    if (!window.weekdays.includes(date.weekday)) continue;
    const opens = date.set({ hour: Math.floor(start / 60), minute: start % 60 });
    const closes = date.set({ hour: Math.floor(end / 60), minute: end % 60 });
    if (day === 0 && local >= closes) continue;
    const at = day === 0 && local > opens ? local : opens;
    return at.toJSDate();
  }
  return null;
}

export function isInsideCallingWindow(now: Date, timeZone: string, window: CallingWindow): boolean {
  return nextCallingTime(now, timeZone, window)?.getTime() === now.getTime();
}

export type FrequencyCap = { perDay: number; perWeek: number };

/**
 * When the number may be called next under the cap, given the times it was called (any campaign, any
 * contact): `now` when under both limits, else when the oldest call in the full window ages out of it.
 * Rolling windows: a day is the last 24 hours, a week the last 7 days.
 */
export function nextAllowedByCap(now: Date, calledAt: readonly Date[], cap: FrequencyCap): Date {
  const DAY = 24 * 60 * 60 * 1000;
  let at = now.getTime();
  for (const [limit, span] of [
    [cap.perDay, DAY],
    [cap.perWeek, 7 * DAY],
  ] as const) {
    const inSpan = calledAt.map((d) => d.getTime()).filter((t) => t > at - span).sort((a, b) => b - a);
    if (inSpan.length >= limit) at = Math.max(at, inSpan[limit - 1]! + span);
  }
  return new Date(at);
}
