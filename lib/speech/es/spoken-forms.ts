/** Dates, times, money and phone groups as a Spanish speaker says them in an appointment reminder. */
import { sayCardinalEs, sayDigitsEs, sayYearEs } from "./numbers";

export const MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"] as const;
export const WEEKDAYS_ES = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"] as const;

/** Written forms of each month: name (with "setiembre"), and abbreviations with or without their period. */
const MONTH_SPELLINGS: Record<string, number> = {
  enero: 1, ene: 1, febrero: 2, feb: 2, marzo: 3, mar: 3, abril: 4, abr: 4, mayo: 5, may: 5, junio: 6, jun: 6,
  julio: 7, jul: 7, agosto: 8, ago: 8, septiembre: 9, setiembre: 9, sept: 9, sep: 9, set: 9, octubre: 10, oct: 10,
  noviembre: 11, nov: 11, diciembre: 12, dic: 12,
};
const WEEKDAY_SPELLINGS: Record<string, number> = {
  domingo: 0, dom: 0, lunes: 1, lun: 1, martes: 2, mar: 2, miércoles: 3, miercoles: 3, mié: 3, mie: 3, jueves: 4,
  jue: 4, viernes: 5, vie: 5, sábado: 6, sabado: 6, sáb: 6, sab: 6,
};

export const MONTH_PATTERN_ES = Object.keys(MONTH_SPELLINGS).sort((a, b) => b.length - a.length).join("|");
export const WEEKDAY_PATTERN_ES = Object.keys(WEEKDAY_SPELLINGS).sort((a, b) => b.length - a.length).join("|");

export function monthNumberEs(name: string): number | null {
  return MONTH_SPELLINGS[name.toLowerCase().replace(/\.$/, "")] ?? null;
}

export function weekdayNameEs(name: string): string | null {
  const day = WEEKDAY_SPELLINGS[name.toLowerCase().replace(/\.$/, "")];
  return day === undefined ? null : WEEKDAYS_ES[day]!;
}

export function isValidMonthDayEs(month: number, day: number): boolean {
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/**
 * "tres de marzo", "primero de marzo" (Latin America says the first of the month as an ordinal; the other days
 * are cardinals), "tres de marzo de dos mil veintiséis"; two-digit years are taken as 20xx.
 */
export function sayDateEs(month: number, day: number, year: number | null): string {
  const dayWords = day === 1 ? "primero" : sayCardinalEs(day);
  const base = `${dayWords} de ${MONTHS_ES[month - 1] ?? ""}`;
  if (year === null) return base;
  return `${base} de ${sayYearEs(year < 100 ? 2000 + year : year)}`;
}

export type MeridiemEs = "am" | "pm";

/** What part of the day an hour (0–23) is in, as a reminder says it after the time. */
function partOfDay(hour24: number): string {
  if (hour24 === 12) return "del mediodía";
  if (hour24 < 6) return "de la madrugada";
  if (hour24 < 12) return "de la mañana";
  if (hour24 < 20) return "de la tarde";
  return "de la noche";
}

/**
 * Clock times as spoken, without their article (the sentence has "a las", and "las" becomes "la" before
 * "una": see fixHourArticles): "dos y media de la tarde", "una de la tarde", "nueve y cuarto de la mañana",
 * "dos y cuarenta y cinco", "doce del mediodía". A time written with a.m./p.m. or on the 24-hour clock (0, 13–23)
 * says the part of the day; 1–12 without one stays bare, since "3:00" is as likely afternoon as morning.
 * Quarter to is said as minutes past ("dos y cuarenta y cinco"), not "tres menos cuarto" nor "cuarto para las
 * tres": every Spanish speaker understands it and it names the hour that is written. Null for impossible times.
 */
export function sayTimeEs(hour: number, minute: number, meridiem: MeridiemEs | null): string | null {
  if (minute < 0 || minute > 59 || hour < 0 || hour > 23) return null;
  let hour24: number | null;
  if (meridiem !== null) {
    if (hour > 12) hour24 = hour; // "14:30 p. m.": the 24-hour clock wins
    else if (hour === 0) hour24 = 0;
    else hour24 = meridiem === "am" ? hour % 12 : (hour % 12) + 12;
  } else {
    hour24 = hour === 0 || hour >= 13 ? hour : null;
  }
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const hourWords = sayCardinalEs(hour12, "feminine");
  const minuteWords =
    minute === 0 ? "" : minute === 15 ? " y cuarto" : minute === 30 ? " y media" : ` y ${sayCardinalEs(minute)}`;
  if (hour24 === null) return minute === 0 ? `${hourWords} en punto` : hourWords + minuteWords;
  return `${hourWords}${minuteWords} ${partOfDay(hour24)}`;
}

/** "las una" is never said: "a las una" → "a la una", also when the time was written "a las 1:00". */
export function fixHourArticles(text: string): string {
  return text.replace(/\b([Ll])as una\b/g, "$1a una");
}

/** Phone digits in their written groups: ["512","555","0142"] → "cinco uno dos, cinco cinco cinco, cero uno cuatro dos". */
export function sayPhoneGroupsEs(groups: readonly string[]): string {
  return groups.filter((g) => g.length > 0).map((g) => sayDigitsEs(g)).join(", ");
}

type CurrencyWordsEs = { one: string; many: string; minorOne: string; minorMany: string };

export const CURRENCIES_ES: Record<string, CurrencyWordsEs> = {
  $: { one: "dólar", many: "dólares", minorOne: "centavo", minorMany: "centavos" },
  "€": { one: "euro", many: "euros", minorOne: "céntimo", minorMany: "céntimos" },
  "£": { one: "libra", many: "libras", minorOne: "penique", minorMany: "peniques" },
};

/** "$25.50" → "veinticinco dólares con cincuenta centavos"; "$1" → "un dólar"; "$0.99" → "noventa y nueve centavos". */
export function sayMoneyEs(symbol: string, whole: string, fraction: string | undefined): string {
  const words = CURRENCIES_ES[symbol] ?? CURRENCIES_ES.$!;
  const major = Number(whole.replace(/,/g, ""));
  const minor = fraction === undefined ? 0 : Number(fraction.padEnd(2, "0").slice(0, 2));
  const majorWords = Number.isSafeInteger(major) ? sayCardinalEs(major, "masculine") : sayDigitsEs(whole);
  // "un millón de dólares": a round million takes "de".
  const of = major >= 1_000_000 && major % 1_000_000 === 0 ? "de " : "";
  const majorPart = `${majorWords} ${of}${major === 1 ? words.one : words.many}`;
  const minorPart = `${sayCardinalEs(minor, "masculine")} ${minor === 1 ? words.minorOne : words.minorMany}`;
  if (minor === 0) return majorPart;
  if (major === 0) return minorPart;
  return `${majorPart} con ${minorPart}`;
}
