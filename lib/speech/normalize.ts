import { parsePhoneNumberFromString } from "libphonenumber-js";
import { expandAbbreviations } from "./abbreviations";
import { sayEmail, sayUrl, sayAddressPart } from "./addresses";
import { sayCardinal, sayDecimal, sayDigits, sayNumberString, sayOrdinal, sayYear } from "./numbers";
import {
  MONTH_PATTERN,
  MONTHS,
  WEEKDAY_PATTERN,
  isValidMonthDay,
  monthNumber,
  sayDate,
  sayMoney,
  sayPhoneGroups,
  sayTime,
  weekdayName,
  type Meridiem,
} from "./spoken-forms";

export type Speaker = (match: string, groups: (string | undefined)[], after: string, before: string) => string | null;

const WORD_CHAR_RE = /^[\p{L}\p{N}]$/u;

/** Whether a code point is a letter or a digit (ASCII answered without a regex: it is called once per match). */
function isWordCodePoint(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  return WORD_CHAR_RE.test(String.fromCodePoint(code));
}

function startsWithWordChar(text: string, index: number): boolean {
  return index < text.length && isWordCodePoint(text.codePointAt(index)!);
}

function endsWithWordChar(text: string, index: number): boolean {
  if (index <= 0) return false;
  const last = text.charCodeAt(index - 1);
  const isLowSurrogate = last >= 0xdc00 && last <= 0xdfff;
  const pairStart = index >= 2 && isLowSurrogate ? text.codePointAt(index - 2)! : 0;
  return isWordCodePoint(pairStart > 0xffff ? pairStart : last);
}

/**
 * Replaces every match of a global pattern with its spoken form (null keeps the match), and puts a space
 * between the spoken words and any letter or digit glued to them ("2B" → "two B").
 */
export function replaceSpoken(text: string, re: RegExp, speak: Speaker): string {
  if (!re.global) throw new Error(`replaceSpoken needs a global pattern: ${re.source}`);
  let out = "";
  let copied = -1;
  re.lastIndex = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    const offset = match.index;
    const end = offset + match[0].length;
    if (end === offset) re.lastIndex += 1;
    const spoken = speak(match[0], match.slice(1), text.slice(end), text.slice(Math.max(0, offset - 40), offset));
    if (spoken === null) continue;
    const lead = endsWithWordChar(text, offset) && startsWithWordChar(spoken, 0) ? " " : "";
    const trail = startsWithWordChar(text, end) && (endsWithWordChar(spoken, spoken.length) || spoken.endsWith(".")) ? " " : "";
    out += text.slice(Math.max(0, copied), offset) + lead + spoken + trail;
    copied = end;
  }
  return copied < 0 ? text : out + text.slice(copied);
}

/** A rule that speaks what its pattern finds. */
export type SpokenRule = readonly [find: RegExp, speak: Speaker];

// Phone, date, time and number rules each read a digit, and none writes one: once no digit is left (most text,
// once numbers are words) the rest of them are skipped.
const HAS_DIGIT_RE = /\d/;

export function speakDigitRules(text: string, rules: readonly SpokenRule[]): string {
  let out = text;
  for (const [find, speak] of rules) {
    if (!HAS_DIGIT_RE.test(out)) break;
    out = replaceSpoken(out, find, speak);
  }
  return out;
}

/** A plain rewrite: a character (or class) every match holds, or null; the pattern; what replaces each match. */
export type Rule = readonly [needs: string | RegExp | null, find: RegExp, write: string | ((match: string) => string)];

/** Applies the rules in order; a rule is skipped when the text lacks what its matches need (a fast scan). */
export function applyRules(text: string, rules: readonly Rule[]): string {
  let out = text;
  for (const [needs, find, write] of rules) {
    if (typeof needs === "string" ? !out.includes(needs) : needs !== null && !needs.test(out)) continue;
    out = typeof write === "string" ? out.replace(find, write) : out.replace(find, write);
  }
  return out;
}

// ---------------------------------------------------------------- clean-up of raw input

const PARAGRAPH_BREAK_RE = /([^\s.!?,;:])[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)(?:[ \t]*(?:\r\n|\r|\n|\u2028|\u2029))+/g;

const DIGIT_THEN_WORD_RE =
  /(\d)(?!(?:st|nd|rd|th|[AaPp]\.?\s?[Mm]\.?|[kKMBs])(?![\p{L}\p{N}])|[AaPp]\.?[Mm]\.)(?=\p{L})/gu;
const ISO_TIMESTAMP_RE = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?!\d)/g;
const WORD_THEN_DIGIT_RE = /(\p{L})(?=\d)/gu;
// "8am–5pm", "Mon–Fri": an en dash after a meridiem or a weekday is a range, not a pause.
const RANGE_EN_DASH_RE = new RegExp(`(\\b(?:${WEEKDAY_PATTERN}|[AaPp]\\.?[Mm])\\.?)[ \\t]?[\\u2012\\u2013][ \\t]?(?=\\d|${WEEKDAY_PATTERN}\\b)`, "g");

const EN_DASH_RE = /[\u2012\u2013]/;

const SANITIZE_RULES: readonly Rule[] = [
  // Zero-width and bidi controls, private use, unassigned and lone surrogates carry no speech.
  [null, /[\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, ""],
  [/[\n\r\u2028\u2029]/, PARAGRAPH_BREAK_RE, "$1. "],
  [null, /\p{Cc}/gu, " "],
  [null, /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [null, /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [EN_DASH_RE, /(\d)\s*[\u2012\u2013]\s*(?=\d)/g, "$1-"],
  [EN_DASH_RE, RANGE_EN_DASH_RE, "$1-"],
  [/[\u2012-\u2015]/, /(?<!\s)\s*[\u2012\u2013\u2014\u2015]\s*/g, ", "],
  [null, /\u2026/g, "..."],
  [null, /\u2212/g, "-"],
  // The clock time of an ISO timestamp is read as written; its zone suffix is not spoken.
  [HAS_DIGIT_RE, ISO_TIMESTAMP_RE, "$1 $2"],
  // Word rules need word boundaries that numbers glued to words hide ("2appt", "12www.x.com").
  [HAS_DIGIT_RE, DIGIT_THEN_WORD_RE, "$1 "],
];

function sanitize(text: string): string {
  return applyRules(text.normalize("NFKC"), SANITIZE_RULES);
}

// ---------------------------------------------------------------- addresses

// Linear time on any input: a pattern that opens with a repeated class only starts where a run of that class
// starts (the lookbehind); otherwise a long run without a match is rescanned from each of its characters.
const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_WITH_PREFIX_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
// A bare domain starts at the start of a dotted name ("a.b.c.com" is tried once, not once per label).
const URL_BARE_RE =
  /(?<![A-Za-z0-9-]|[A-Za-z0-9-]\.)\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|edu|gov|io|co|us|ca|uk|info|biz|health|care|dental|clinic|app|me)\b(?:\/[^\s<>"]*)?/gi;
const HANDLE_RE = /(^|[^\p{L}\p{N}_])@([\p{L}\p{N}_]+)/gu;
const TRAILING_URL_PUNCT_RE = /[.,!?;:)'"\]]+$/;

function speakAddresses(text: string): string {
  let out = replaceSpoken(text, EMAIL_RE, (m) => sayEmail(m));
  const speakUrl: Speaker = (m) => {
    const trailing = TRAILING_URL_PUNCT_RE.exec(m)?.[0] ?? "";
    const core = m.slice(0, m.length - trailing.length);
    const spoken = sayUrl(core);
    return spoken.length > 0 ? spoken + trailing : null;
  };
  out = replaceSpoken(out, URL_WITH_PREFIX_RE, speakUrl);
  out = replaceSpoken(out, URL_BARE_RE, speakUrl);
  if (!out.includes("@")) return out;
  return out.replace(HANDLE_RE, (_m, lead: string, handle: string) => `${lead}at ${sayAddressPart(handle)}`);
}

// ---------------------------------------------------------------- phone numbers

const INTERNATIONAL_PHONE_RE = /\+(?!1[\s.()-]*\d{3}[\s.)-]*\d{3}[\s.-]*\d{4}(?!\d))\d[\d\s.()-]{5,18}\d(?!\d)/g;
const NANP_PHONE_RE = /(?<![\d+])(?:\+?1[\s.-]?)?(?:\((\d{3})\)|(\d{3}))[\s.-]?(\d{3})[\s.-]?(\d{4})(?![\d])/g;
const LOCAL_PHONE_RE = /(?<![\d.,-])(\d{3})-(\d{4})(?![\d-]|\.\d)/g;
const NANP_WITH_COUNTRY_CODE_RE = /(?<![\d+])\+?1[\s.-]?(?:\((\d{3})\)|(\d{3}))[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)/g;

// libphonenumber takes tens of microseconds a number; text that repeats a number (a hostile megabyte of one
// number took seconds) has it grouped once. Bounded: cleared when full.
const spokenInternationalPhones = new Map<string, string>();
const MAX_REMEMBERED_PHONES = 1_000;

/**
 * A message holds a few numbers at most (it is capped at 1,500 characters, room for about 150), so past this
 * many distinct numbers in one call the text is hostile: the rest are read in the groups they were written
 * in, without libphonenumber (a megabyte of different numbers took 1.7–1.9 s of CPU in it).
 */
const MAX_PHONE_LOOKUPS_PER_CALL = 256;
let phoneLookupsLeft = MAX_PHONE_LOOKUPS_PER_CALL;

function speakInternationalPhone(match: string): string {
  let spoken = spokenInternationalPhones.get(match);
  if (spoken !== undefined) return spoken;
  if (phoneLookupsLeft <= 0) return sayInternationalPhone(match, []);
  phoneLookupsLeft -= 1;
  if (spokenInternationalPhones.size >= MAX_REMEMBERED_PHONES) spokenInternationalPhones.clear();
  spoken = sayInternationalPhone(match, groupedByLibphonenumber(match));
  spokenInternationalPhones.set(match, spoken);
  return spoken;
}

/** The number's groups as its country writes them, or none when libphonenumber does not know it. */
function groupedByLibphonenumber(match: string): string[] {
  const digits = match.replace(/\D/g, "");
  try {
    const parsed = parsePhoneNumberFromString(`+${digits}`);
    const groups = parsed?.isPossible() ? parsed.formatInternational().replace("+", "").split(/[\s-]+/) : [];
    // libphonenumber drops a trunk 0 written after the country code ("+44 020…"); the listener hears every digit written.
    return groups.join("") === digits ? groups : [];
  } catch {
    return [];
  }
}

function sayInternationalPhone(match: string, grouped: string[]): string {
  const digits = match.replace(/\D/g, "");
  let groups = grouped.length > 0 ? grouped : match.replace("+", "").split(/[\s.()-]+/);
  if (groups.length === 1) groups = [digits.slice(0, 2), ...(digits.slice(2).match(/\d{1,4}/g) ?? [])];
  return `plus ${sayPhoneGroups(groups)}`;
}

/**
 * North American numbers are read as area code, exchange and line; written with the country code
 * ("1-800-555-0199", "+1 512 555 0100") they are read with its "one" first, because that is what the
 * patient dials from most phones, so "(555) 123-4567" and "555.123.4567" sound (and cache) the same, and
 * "+1 555 123 4567" and "15551234567" the same as each other.
 */
const PHONE_RULES: readonly SpokenRule[] = [
  [INTERNATIONAL_PHONE_RE, (m) => speakInternationalPhone(m)],
  [NANP_WITH_COUNTRY_CODE_RE, (_m, [areaInParens, area, exchange, line]) =>
    `one, ${sayPhoneGroups([areaInParens ?? area ?? "", exchange ?? "", line ?? ""])}`,
  ],
  [NANP_PHONE_RE, (_m, [areaInParens, area, exchange, line]) =>
    sayPhoneGroups([areaInParens ?? area ?? "", exchange ?? "", line ?? ""]),
  ],
  [LOCAL_PHONE_RE, (_m, [exchange, line]) => sayPhoneGroups([exchange ?? "", line ?? ""])],
];

// ---------------------------------------------------------------- dates

const WEEKDAY_PREFIX = `(?:(${WEEKDAY_PATTERN})\\.?,?\\s+)?`;
const ISO_DATE_RE =
  /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])/g;
const NUMERIC_DATE_RE = new RegExp(
  `\\b${WEEKDAY_PREFIX}(\\d{1,2})([/-])(\\d{1,2})(?:\\3(\\d{4}|\\d{2}))?(?![\\d/]|-\\d)`,
  "g",
);
const MONTH_FIRST_RE = new RegExp(
  `\\b${WEEKDAY_PREFIX}(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!:\\d)(?:,?\\s+(\\d{4})\\b)?`,
  "g",
);
const DAY_FIRST_RE = new RegExp(
  `\\b${WEEKDAY_PREFIX}(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_PATTERN})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`,
  "g",
);
const DATE_CONTEXT_RE = new RegExp(`(?:\\b(?:on|by|until|before|after|from|due|through|thru|till|${WEEKDAY_PATTERN})\\.?,?\\s+)$`, "i");

function withWeekday(weekday: string | undefined, date: string): string {
  return weekday ? `${weekdayName(weekday)}, ${date}` : date;
}

const FRACTIONS: Record<string, string> = { "1/2": "one half", "1/3": "one third", "1/4": "one quarter", "3/4": "three quarters" };

// What follows a fraction, not a date: "3/16 inch", "1/15 of the dose".
const FRACTION_FOLLOWS_RE = /^\s*(?:of|inch|inches|in\.|mile|miles|cup|cups|teaspoons?|tablespoons?|tsp|tbsp|oz|ounces?|lbs?|pounds?|mg|ml|mm|cm|dose|doses)\b/i;

/**
 * Numeric dates are US month/day ("3/4/2026" is March fourth). When the first number cannot be a month
 * but the second can ("13/3/2026"), the date is read day/month. Without a year, "3/4" is a date only
 * after a weekday or "on/by/until/before/after/from"; otherwise it is a fraction ("one quarter"). A month
 * and a day past 12 ("due 3/15") is a date in any sentence, unless a fraction's unit or "of" follows.
 */
function speakNumericDate(groups: (string | undefined)[], before: string, after: string): string | null {
  const [weekday, first, separator, second, year] = groups;
  let month = Number(first);
  let day = Number(second);
  if (!isValidMonthDay(month, day) && isValidMonthDay(day, month)) [month, day] = [day, month];
  if (!isValidMonthDay(month, day)) return null;
  if (year === undefined) {
    if (separator === "-") return null;
    const plainlyADate = month === Number(first) && day > 12 && !FRACTION_FOLLOWS_RE.test(after);
    if (!weekday && !DATE_CONTEXT_RE.test(before) && !plainlyADate) {
      const fraction = FRACTIONS[`${first}/${second}`];
      return fraction ?? `${sayCardinal(Number(first))} over ${sayCardinal(Number(second))}`;
    }
    return withWeekday(weekday, sayDate(month, day, null));
  }
  return withWeekday(weekday, sayDate(month, day, Number(year)));
}

const ROUND_THE_CLOCK_RE = /(?<![\d/])24\s?\/\s?7(?![\d/])/g;
const WEEKDAY_RANGE_RE = new RegExp(`\\b(${WEEKDAY_PATTERN})\\.?[ \\t]?-[ \\t]?(${WEEKDAY_PATTERN})\\b(\\.?)`, "g");
const MONTH_RANGE_RE = new RegExp(`\\b(${MONTH_PATTERN})\\.?[ \\t]?-[ \\t]?(${MONTH_PATTERN})\\b(\\.?)`, "g");
// A capitalised weekday abbreviation is the weekday, with or without its dot ("Mon", "Thurs.").
const WEEKDAY_ABBREVIATION_RE = /\b(Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b(\.?)/g;
// A month abbreviation is also a name ("Jan", "Mar"): only its dotted form inside a sentence, or before
// a year, is the month; with a day number the date rules read it.
const MONTH_ABBREVIATION_RE = /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.(?=\s+[\p{Ll}\d])|\.?(?=\s+\d{4}\b))/gu;

function monthName(abbreviation: string): string {
  const month = monthNumber(abbreviation);
  return month === null ? abbreviation : MONTHS[month - 1]!;
}

/** "24/7", "Mon-Fri", "Jan-Mar", and weekday and month abbreviations standing alone. */
function speakCalendarWords(text: string): string {
  let out = text.replace(ROUND_THE_CLOCK_RE, "twenty-four seven");
  out = replaceSpoken(out, WEEKDAY_RANGE_RE, (_m, [from, to, period], after) => `${weekdayName(from ?? "")} to ${weekdayName(to ?? "")}${sentencePeriod(period, after)}`);
  out = replaceSpoken(out, MONTH_RANGE_RE, (_m, [from, to, period], after) => `${monthName(from ?? "")} to ${monthName(to ?? "")}${sentencePeriod(period, after)}`);
  out = replaceSpoken(out, WEEKDAY_ABBREVIATION_RE, (_m, [day, period], after) => `${weekdayName(day ?? "")}${sentencePeriod(period, after)}`);
  return replaceSpoken(out, MONTH_ABBREVIATION_RE, (_m, [month]) => monthName(month ?? ""));
}

function speakNamedDate(weekday: string | undefined, monthName: string, day: string, year: string | undefined): string | null {
  const month = monthNumber(monthName);
  if (month === null || !isValidMonthDay(month, Number(day))) return null;
  return withWeekday(weekday, sayDate(month, Number(day), year === undefined ? null : Number(year)));
}

const DATE_RULES: readonly SpokenRule[] = [
  [ISO_DATE_RE, (_m, [year, month, day, hour, minute]) => {
    const date = sayDate(Number(month), Number(day), Number(year));
    if (!isValidMonthDay(Number(month), Number(day))) return null;
    if (hour === undefined || minute === undefined) return date;
    const time = sayTime(Number(hour), Number(minute), null);
    return time === null ? date : `${date}, at ${time}`;
  }],
  [NUMERIC_DATE_RE, (_m, groups, after, before) => speakNumericDate(groups, before, after)],
  [MONTH_FIRST_RE, (_m, [weekday, monthName, day, year]) => speakNamedDate(weekday, monthName ?? "", day ?? "", year)],
  [DAY_FIRST_RE, (_m, [weekday, day, monthName, year]) => speakNamedDate(weekday, monthName ?? "", day ?? "", year)],
];

// ---------------------------------------------------------------- times

const MERIDIEM = "([AaPp])\\.?\\s?[Mm](\\.?)(?![\\p{L}\\p{N}])";
const NOON_RE = /\b12(?::00)?\s*(noon|midnight)\b/gi;
const NUMBER_RANGE_RE = /(\d)\s*-\s*(?=\d)/g;
const MERIDIEM_RANGE_RE = /(\d[ \t]?[AaPp]\.?[Mm]\.?)[ \t]?-[ \t]?(?=\d)/g;
const CLOCK_RE = new RegExp(`\\b(\\d{1,2}):(\\d{2})(?::\\d{2})?(?!\\d)(?:\\s*${MERIDIEM})?`, "gu");
const HOUR_RE = new RegExp(`\\b(\\d{1,2})\\s*${MERIDIEM}`, "gu");
const SENTENCE_FOLLOWS_RE = /^(?:\s*$|\s+[A-Z])/;

function toMeridiem(letter: string | undefined): Meridiem | null {
  if (letter === undefined) return null;
  return letter.toLowerCase() === "a" ? "AM" : "PM";
}

/** "at 9 a.m. Thanks" keeps the period that doubled as the sentence end. */
function sentencePeriod(period: string | undefined, after: string): string {
  return period === "." && SENTENCE_FOLLOWS_RE.test(after) ? "." : "";
}

function speakTimes(text: string): string {
  if (!HAS_DIGIT_RE.test(text)) return text;
  let out = text.replace(NOON_RE, (_m, word: string) => word.toLowerCase());
  out = out.replace(NUMBER_RANGE_RE, "$1 to ");
  out = out.replace(MERIDIEM_RANGE_RE, "$1 to ");
  out = replaceSpoken(out, CLOCK_RE, (_m, [hour, minute, letter, period], after) => {
    const spoken = sayTime(Number(hour), Number(minute), toMeridiem(letter));
    return spoken === null ? null : spoken + sentencePeriod(period, after);
  });
  return replaceSpoken(out, HOUR_RE, (_m, [hour, letter, period], after) => {
    const spoken = sayTime(Number(hour), 0, toMeridiem(letter));
    return spoken === null ? null : spoken + sentencePeriod(period, after);
  });
}

// ---------------------------------------------------------------- money, percentages, numbers

const MONEY_SCALE_RE = /([$€£])\s?(\d+(?:\.\d+)?)\s*(thousand|million|billion|k|K|M|B)\b/g;
const MONEY_RE = /([$€£])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d,]\d)/g;
const CENTS_RE = /\b(\d+)\s?¢/g;
const PERCENT_RE = /(?<!\d)(\d+(?:\.\d+)?)\s?%/g;
const ORDINAL_RE = /\b(\d+)(st|nd|rd|th)\b/gi;
const NUMBER_SIGN_RE = /(?:#|\bNo\.|\bno\.)\s?(?=\d)/g;
const DECADE_RE = /\b'?(\d{0,3}0)s\b/g;
const DECIMAL_RE = /(?:(?<!\d)|(?=\.))(\d*)\.(\d+)/g;
const GROUPED_NUMBER_RE = /\b\d{1,3}(?:,\d{3})+\b/g;
const INTEGER_RE = /\d+/g;
const SCALE_WORDS: Record<string, string> = { k: "thousand", K: "thousand", M: "million", B: "billion" };
const MONEY_NAMES: Record<string, string> = { $: "dollars", "€": "euros", "£": "pounds" };

/** Digits with at most one decimal point, as the money and percentage patterns find them. */
function sayNumberText(raw: string): string {
  const point = raw.indexOf(".");
  return point < 0 ? sayNumberString(raw) : sayDecimal(raw.slice(0, point), raw.slice(point + 1));
}

/**
 * Integers: grouped ("1,250") and up to four digits are read as numbers, 1900–2099 as years ("twenty
 * twenty-six"); five or more bare digits and numbers with a leading zero are codes (zip, account) and
 * are read digit by digit.
 */
function sayInteger(digits: string): string {
  if (digits.length >= 5 || (digits.length > 1 && digits.startsWith("0"))) return sayDigits(digits);
  const n = Number(digits);
  if (digits.length === 4 && n >= 1900 && n <= 2099) return sayYear(n);
  return sayCardinal(n);
}

const NUMBER_RULES: readonly SpokenRule[] = [
  [MONEY_SCALE_RE, (_m, [symbol, amount, scale]) => {
    const scaleWord = SCALE_WORDS[scale ?? ""] ?? scale ?? "";
    return `${sayNumberText(amount ?? "")} ${scaleWord.toLowerCase()} ${MONEY_NAMES[symbol ?? "$"] ?? "dollars"}`;
  }],
  [MONEY_RE, (_m, [symbol, whole, fraction]) => sayMoney(symbol ?? "$", whole ?? "0", fraction)],
  [CENTS_RE, (_m, [amount]) => `${sayInteger(amount ?? "0")} ${Number(amount) === 1 ? "cent" : "cents"}`],
  [PERCENT_RE, (_m, [amount]) => `${sayNumberText(amount ?? "")} percent`],
  [ORDINAL_RE, (_m, [digits]) => {
    const n = Number(digits);
    return Number.isSafeInteger(n) && (digits ?? "").length <= 15 ? sayOrdinal(n) : null;
  }],
  [DECADE_RE, (_m, [digits]) => {
    const words = sayInteger(digits ?? "");
    return words.endsWith("y") ? `${words.slice(0, -1)}ies` : `${words}s`;
  }],
  [NUMBER_SIGN_RE, () => " number "],
  [DECIMAL_RE, (_m, [whole, fraction]) =>
    whole === "" ? `point ${sayDigits(fraction ?? "")}` : sayDecimal(whole ?? "", fraction ?? ""),
  ],
  [GROUPED_NUMBER_RE, (m) => sayNumberString(m)],
  [INTEGER_RE, (m) => sayInteger(m)],
];

// ---------------------------------------------------------------- symbols and punctuation

// Each rule: a character every match holds, what it finds, what it writes. Most of these patterns may start at
// any character (the blanks before a symbol belong to the match), so text without the symbol skips the rule.
const SYMBOL_RULES: readonly Rule[] = [
  ["(s)", /\(s\)/g, "s"],
  ["w/", /\bw\/(?=\s)/g, "with"],
  ["&", /(?<!\s)\s*&\s*/g, " and "],
  ["+", /(?<!\s)\s*\+\s*/g, " plus "],
  ["=", /(?<!\s)\s*=\s*/g, " equals "],
  ["@", /(?<!\s)\s*@\s*/g, " at "],
  ["%", /(?<!\s)\s*%/g, " percent"],
  ["~", /~\s*/g, "about "],
  ["°", /(?<!\s)\s*°\s*([CF])\b/g, " degrees $1"],
  ["°", /(?<!\s)\s*°/g, " degrees"],
  [null, /[$€£¢#*^_|\\/]/g, " "],
  [/[()[\]{}<>]/, /(?<!\s)\s*[()[\]{}<>]+\s*/g, ", "],
];

// Text of ASCII letters, digits, blanks and allowed punctuation holds nothing to drop. The check is a plain
// class, many times faster than the Unicode one it saves on long spoken text.
const BEYOND_PLAIN_ASCII_RE = /[^A-Za-z0-9\s.,!?;:'-]/;
const PUNCT_RUN_RE = /[.,!?;:](?:\s*[.,!?;:])+/g;

function collapsePunctuation(run: string): string {
  if (run.includes("?")) return "?";
  if (run.includes("!")) return "!";
  if (run.includes("...")) return "...";
  if (run.includes(".")) return ".";
  if (run.includes(";")) return ";";
  if (run.includes(":")) return ":";
  return ",";
}

/**
 * What another language adds to the English tidy-up: punctuation of its own it keeps (`keep`: Spanish ¿ ¡),
 * rules run before blanks are collapsed (`beforeBlanks`) and after the space that follows punctuation
 * (`afterSpacing`). Every English rule runs for every language.
 */
export type TidyExtras = { keep?: string; beforeBlanks?: readonly Rule[]; afterSpacing?: readonly Rule[] };

/** The tidy-up's rules: the English ones, with a language's extras in their places. */
export function tidyRules({ keep = "", beforeBlanks = [], afterSpacing = [] }: TidyExtras = {}): readonly Rule[] {
  const disallowed = new RegExp(`[^\\p{L}\\p{M}\\p{N}\\s.,!?;:'${keep}-]`, "gu");
  return [
    ['"', /"/g, " "],
    [BEYOND_PLAIN_ASCII_RE, disallowed, " "],
    [/\p{M}/u, /(?<![\p{L}\p{M}])\p{M}+/gu, ""],
    ["--", /(?<!\s)\s+--+\s+|--+/g, ", "],
    ["-", /(?<!\s)\s+-+\s+/g, ", "],
    ["-", /(?<![\p{L}\p{M}])-+|-+(?![\p{L}])/gu, " "],
    ["'", /'(?![\p{L}])(?<![sS]')|(?<![\p{L}\p{M}])'/gu, " "],
    [":", /:(?!\s)|(?<![\p{L}\p{M}\p{N}]):/gu, " "],
    ...beforeBlanks,
    // Every run of blanks becomes one space; a lone space is already one.
    [null, /\s{2,}|[^\S ]/g, " "],
    [/\s[.,!?;:]/, /(?<!\s)\s+(?=[.,!?;:])/g, ""],
    [null, PUNCT_RUN_RE, collapsePunctuation],
    [null, /([,!?;:])(?=[\p{L}\p{N}])/gu, "$1 "],
    ...afterSpacing,
    [null, /^[\s.,!?;:]+/, ""],
  ];
}

const TIDY_RULES = tidyRules();

const TRAILING_PAUSE_RE = /[\s,;:]/;

/** The last step of normalising: stray symbols and blanks go, punctuation runs become one mark, NFC. */
export function tidyWith(text: string, rules: readonly Rule[]): string {
  const out = applyRules(text, rules);
  // A closing blank, comma, semicolon or colon is dropped (a pattern anchored at the end is tried at every
  // character; this looks at the last ones only).
  let end = out.length;
  while (end > 0 && TRAILING_PAUSE_RE.test(out[end - 1]!)) end -= 1;
  return out.slice(0, end).normalize("NFC");
}

/** The English tidy-up. */
export function tidy(text: string): string {
  return tidyWith(text, TIDY_RULES);
}

/**
 * Rewrites text the way a receptionist would read it aloud, so the TTS model needs no guessing and equal
 * speech gives equal text (the audio cache key is computed from the result).
 *
 * Idempotent within 4,000 characters (normalizeForSpeech(normalizeForSpeech(x)) === normalizeForSpeech(x)) and total: it never
 * throws, and its output holds only letters, marks, spaces and . , ! ? ; : ' - (no digits in the Latin range,
 * no symbols, no control characters). Rules that need a choice are documented next to their code:
 * numeric dates are US month/day, NANP phone numbers keep a written country code, addresses are spelled
 * character class by character class.
 */
export function normalizeForSpeech(text: string): string {
  if (typeof text !== "string" || text.length === 0) return "";
  phoneLookupsLeft = MAX_PHONE_LOOKUPS_PER_CALL;
  if (text.length <= WINDOW_CHARS) return normalizeWindow(text);
  const spoken: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = windowEnd(text, start);
    const piece = normalizeWindow(text.slice(start, end));
    if (piece.length > 0) spoken.push(piece);
    start = end;
  }
  return spoken.join(" ");
}

/**
 * Longer text is normalised window by window, so the work grows with the length and nothing else: each
 * rule scans, matches and rebuilds a bounded string (whole-text passes over a megabyte grew faster than
 * the text, in copies and garbage collection: 1 MB of "1%" took 13 to 16 s). A message is capped far below
 * this (1,500 characters), so what users write is always normalised whole. No rule reads across a cut, so
 * past one window the result may differ from reading the whole text at once ("Mar. 3rd" cut after "Mar.")
 * and idempotence is only promised within one window: such text is refused before anything is spoken.
 */
export const WINDOW_CHARS = 4_000;
const BLANK_RE = /\s/;
// Printable ASCII is answered without the regex: the window scan asks once or twice per character.
const isBlank = (char: string | undefined) => char !== undefined && !(char > " " && char <= "~") && BLANK_RE.test(char);

/**
 * Where the window from `start` ends: at the last word after a sentence end in its second half (no rule
 * reads across one), else at the last word after a blank that follows no , ; or : (a piece's end drops
 * those), else at the size limit (inside a word longer than half a window). One backward scan.
 */
export function windowEnd(text: string, start: number): number {
  const limit = start + WINDOW_CHARS;
  if (limit >= text.length) return text.length;
  let afterBlank = -1;
  for (let i = limit; i > start + WINDOW_CHARS / 2; i -= 1) {
    if (isBlank(text[i]) || !isBlank(text[i - 1])) continue;
    let j = i - 1;
    while (j > start && isBlank(text[j])) j -= 1;
    if (".!?".includes(text[j]!)) return i;
    if (afterBlank < 0 && !",;:".includes(text[j]!)) afterBlank = i;
    i = j + 1;
  }
  if (afterBlank > 0) return afterBlank;
  // Never between a letter and its accent, or inside a surrogate pair.
  let cut = limit;
  while (cut > start + 1 && /[\p{M}\uDC00-\uDFFF]/u.test(text[cut]!)) cut -= 1;
  return cut;
}

function normalizeWindow(text: string): string {
  // One pass settles ordinary text; a rule can expose new input for another only in contrived strings
  // ("appt'.x"), so passes repeat until nothing changes, which is what makes the function idempotent.
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const next = normalizeOnce(current);
    if (next === current || isSettled(next)) return next;
    current = next;
  }
  return current;
}

// Lower-case words, each followed by a space or a comma and a space, and at most a closing period: the shape
// long runs of numbers and symbols take once spoken ("one percent one percent …", four to six times the
// written length). Of all the rules only the abbreviations read such text, so when they leave it alone
// another whole pass would change nothing.
const SETTLED_RE = /^[a-z]+(?:,? [a-z]+)*\.?$/;

function isSettled(text: string): boolean {
  return SETTLED_RE.test(text) && expandAbbreviations(text) === text;
}

const MAX_PASSES = 6;

function normalizeOnce(text: string): string {
  let out = sanitize(text);
  out = speakAddresses(out);
  out = HAS_DIGIT_RE.test(out) ? out.replace(WORD_THEN_DIGIT_RE, "$1 ") : out;
  out = expandAbbreviations(out);
  out = speakDigitRules(out, PHONE_RULES);
  out = speakDigitRules(speakCalendarWords(out), DATE_RULES);
  out = speakTimes(out);
  out = speakDigitRules(out, NUMBER_RULES);
  // Spoken words alone (see SETTLED_RE) hold no symbol and nothing to tidy.
  if (SETTLED_RE.test(out)) return out;
  out = applyRules(out, SYMBOL_RULES);
  return tidy(out);
}
