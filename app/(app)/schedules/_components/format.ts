/** ISO weekday (1 = Monday) → short name, for the form and the list. */
export const WEEKDAYS = [
  { day: 1, short: "Mon" },
  { day: 2, short: "Tue" },
  { day: 3, short: "Wed" },
  { day: 4, short: "Thu" },
  { day: 5, short: "Fri" },
  { day: 6, short: "Sat" },
  { day: 7, short: "Sun" },
] as const;

export function describeDays(weekdays: number[]): string {
  if (weekdays.length === 7) return "Every day";
  if (weekdays.join() === "1,2,3,4,5") return "Weekdays";
  return WEEKDAYS.filter((w) => weekdays.includes(w.day))
    .map((w) => w.short)
    .join(", ");
}

/** An instant as the organisation's clock shows it ("Tue, Mar 10, 9:00 AM EDT"). */
export function formatInZone(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
}
