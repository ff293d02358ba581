/** Wall-clock fields as a person wrote them, before any time zone is applied. */
export type WallDate = { year: number; month: number; day: number };
export type WallTime = { hour: number; minute: number; second: number };

export type ParsedDateTime =
  | { kind: "instant"; at: Date }
  | { kind: "wall"; date: WallDate; time: WallTime | null };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** True for an IANA zone name this runtime knows ("America/Chicago", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** The runtime's spelling of a zone ("america/chicago" → "America/Chicago"), or null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim();
  if (trimmed === "" || trimmed.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Reads the date formats clinic systems export: ISO ("2026-03-03", "2026-03-03T14:30", with or without an
 * offset), "2026-03-03 14:30", US "3/3/2026 2:30 PM" (month first), "Mar 3, 2026" and "3 March 2026".
 * A value with an explicit offset or "Z" is an instant; anything else is wall-clock time in some zone.
 */
export function parseDateTime(raw: string): ParsedDateTime | null {
  const value = raw.trim().replace(/\s+/g, " ");
  if (value === "") return null;

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](.+))?$/i.exec(value);
  if (iso) {
    const date = toWallDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!date) return null;
    const rest = iso[4];
    if (rest === undefined) return { kind: "wall", date, time: null };
    const offset = /^(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s?(Z|[+-]\d{2}:?\d{2})$/i.exec(rest);
    if (offset) {
      const at = new Date(`${iso[1]}-${pad(date.month)}-${pad(date.day)}T${padTime(offset[1] ?? "")}${normalizeOffset(offset[2] ?? "")}`);
      return Number.isNaN(at.getTime()) ? null : { kind: "instant", at };
    }
    const time = parseTime(rest);
    return time ? { kind: "wall", date, time } : null;
  }

  const us = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:,? (.+))?$/.exec(value);
  if (us) return withTime(toWallDate(expandYear(us[3] ?? ""), Number(us[1]), Number(us[2])), us[4]);

  const monthFirst = /^([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})(?:,? (?:at )?(.+))?$/i.exec(value);
  if (monthFirst) return withTime(toWallDate(Number(monthFirst[3]), monthNumber(monthFirst[1] ?? ""), Number(monthFirst[2])), monthFirst[4]);

  const dayFirst = /^(\d{1,2}) ([a-z]{3,9})\.?,? (\d{4})(?:,? (?:at )?(.+))?$/i.exec(value);
  if (dayFirst) return withTime(toWallDate(Number(dayFirst[3]), monthNumber(dayFirst[2] ?? ""), Number(dayFirst[1])), dayFirst[4]);

  return null;
}

/** "2:30 PM", "2:30pm", "2 PM", "14:30", "14:30:00", "2.30 p.m.". */
export function parseTime(raw: string): WallTime | null {
  const value = raw.trim().toLowerCase().replace(/\./g, (m, i: number, s: string) => (/\d/.test(s[i + 1] ?? "") ? ":" : ""));
  const match = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(am|pm|a|p)?$/.exec(value);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const second = match[3] === undefined ? 0 : Number(match[3]);
  const meridiem = match[4];
  if (meridiem === undefined && match[2] === undefined) return null;
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    if (meridiem.startsWith("p") && hour !== 12) hour += 12;
    if (meridiem.startsWith("a") && hour === 12) hour = 0;
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute, second };
}

/**
 * The instant at which clocks in `timeZone` show the given wall time. In the hour skipped by a DST change the
 * later offset applies (2:30 AM on spring-forward day becomes 3:30 AM), as calendar apps do.
 */
export function zonedWallTimeToDate(date: WallDate, time: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
  const dayMs = 86_400_000;
  const offsetBefore = offsetMs(asUtc - dayMs, timeZone);
  const offsetAfter = offsetMs(asUtc + dayMs, timeZone);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter].filter((t) => t + offsetMs(t, timeZone) === asUtc);
  // In the fall-back hour both candidates exist and the first occurrence wins; in the spring gap neither
  // does, and the offset from before the change pushes the time forward past the gap.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - offsetBefore);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

function withTime(date: WallDate | null, rest: string | undefined): ParsedDateTime | null {
  if (!date) return null;
  if (rest === undefined) return { kind: "wall", date, time: null };
  const time = parseTime(rest);
  return time ? { kind: "wall", date, time } : null;
}

function toWallDate(year: number, month: number, day: number): WallDate | null {
  if (!Number.isInteger(year) || year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCDate() === day && check.getUTCMonth() === month - 1 ? { year, month, day } : null;
}

function monthNumber(name: string): number {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  if (index < 0) return 0;
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][index] ?? "";
  const lower = name.toLowerCase();
  return lower.length === 3 || full === lower || (lower === "sept" && index === 8) ? index + 1 : 0;
}

function expandYear(year: string): number {
  // "3/3/26" in an appointment list means 2026, never 1926.
  return year.length === 2 ? 2000 + Number(year) : Number(year);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function padTime(time: string): string {
  const [h = "0", ...rest] = time.split(":");
  return [h.padStart(2, "0"), ...rest].join(":");
}

function normalizeOffset(offset: string): string {
  if (offset.toUpperCase() === "Z") return "Z";
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}
