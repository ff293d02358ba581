import { sayCardinal, sayDigits, sayOrdinal, sayYear } from "./numbers";

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const MONTH_BY_PREFIX: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const WEEKDAY_BY_PREFIX: Record<string, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** Capitalised month names and their usual abbreviations, for building regexes. */
export const MONTH_PATTERN =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

/** Capitalised weekday names and their usual abbreviations, for building regexes. */
export const WEEKDAY_PATTERN =
  "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)";

export function monthNumber(name: string): number | null {
  return MONTH_BY_PREFIX[name.slice(0, 3).toLowerCase()] ?? null;
}

export function weekdayName(name: string): string {
  return WEEKDAY_BY_PREFIX[name.slice(0, 3).toLowerCase()] ?? name;
}

export function isValidMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** "March third" or "March third, twenty twenty-six"; two-digit years are taken as 20xx. */
export function sayDate(month: number, day: number, year: number | null): string {
  const monthName = MONTHS[month - 1] ?? "";
  const base = `${monthName} ${sayOrdinal(day)}`;
  if (year === null) return base;
  const fullYear = year < 100 ? 2000 + year : year;
  return `${base}, ${sayYear(fullYear)}`;
}

export type Meridiem = "AM" | "PM";

/**
 * Clock times as spoken: "two thirty PM", "nine AM", "twelve oh five PM", "noon", "midnight".
 * Without a meridiem the hour is read as 24-hour time when it says so (0, 12–23); 1–11 stay bare,
 * because "3:00" on a clinic note is as likely afternoon as morning. Returns null for impossible times.
 */
export function sayTime(hour: number, minute: number, meridiem: Meridiem | null): string | null {
  if (minute < 0 || minute > 59) return null;
  let h = hour;
  let m: Meridiem | null = meridiem;
  if (m !== null) {
    if (h > 23) return null;
    if (h > 12) {
      h -= 12;
      m = "PM";
    }
    if (h === 0) h = 12;
  } else {
    if (h > 23) return null;
    if (h === 0) {
      h = 12;
      m = "AM";
    } else if (h >= 12) {
      if (h > 12) h -= 12;
      m = "PM";
    }
  }
  if (h === 12 && minute === 0 && m === "PM") return "noon";
  if (h === 12 && minute === 0 && m === "AM") return "midnight";
  const hourWords = sayCardinal(h);
  let words: string;
  if (minute === 0) words = m === null ? `${hourWords} o'clock` : hourWords;
  else if (minute < 10) words = `${hourWords} oh ${sayCardinal(minute)}`;
  else words = `${hourWords} ${sayCardinal(minute)}`;
  return m === null ? words : `${words} ${m}`;
}

/** Phone digits in their written groups: ["555","123","4567"] → "five five five, one two three, …". */
export function sayPhoneGroups(groups: readonly string[]): string {
  return groups
    .filter((g) => g.length > 0)
    .map((g) => sayDigits(g))
    .join(", ");
}

type CurrencyWords = { one: string; many: string; minorOne: string; minorMany: string };

export const CURRENCIES: Record<string, CurrencyWords> = {
  $: { one: "dollar", many: "dollars", minorOne: "cent", minorMany: "cents" },
  "€": { one: "euro", many: "euros", minorOne: "cent", minorMany: "cents" },
  "£": { one: "pound", many: "pounds", minorOne: "penny", minorMany: "pence" },
};

/** "$1,250.50" → "one thousand two hundred fifty dollars and fifty cents"; "$0.99" → "ninety-nine cents". */
export function sayMoney(symbol: string, whole: string, fraction: string | undefined): string {
  const words = CURRENCIES[symbol] ?? CURRENCIES["$"];
  if (!words) return "";
  const major = Number(whole.replace(/,/g, ""));
  const minor = fraction === undefined ? 0 : Number(fraction.padEnd(2, "0").slice(0, 2));
  const majorWords = Number.isSafeInteger(major) ? sayCardinal(major) : sayDigits(whole);
  const majorPart = `${majorWords} ${major === 1 ? words.one : words.many}`;
  const minorPart = `${sayCardinal(minor)} ${minor === 1 ? words.minorOne : words.minorMany}`;
  if (minor === 0) return majorPart;
  if (major === 0) return minorPart;
  return `${majorPart} and ${minorPart}`;
}
