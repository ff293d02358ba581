/**
 * Spanish text rewritten the way a Latin American receptionist reads it aloud, the counterpart of
 * ../normalize.ts for messages written in Spanish: appointment dates and times ("el martes 3 de marzo a las
 * 2:30 p. m." → "el martes tres de marzo a las dos y media de la tarde"), numbers, money, phone numbers in
 * groups, titles and common abbreviations, ordinals. Names (Spanish or English) are left as written.
 *
 * Regional choices, for Spanish spoken to patients of US clinics: "$" is dollars and centavos; numbers are
 * written with "," between thousands and "." before decimals (as in the US and Mexico); numeric dates are
 * day/month as Spanish writes them ("3/4/2026" is el tres de abril), with the order swapped only when the day
 * cannot be a month day; the first of a month is "primero".
 *
 * Same promises as the English one: total (never throws), idempotent within a window, and its output holds
 * only letters, marks, spaces and . , ! ? ; : ' - ¿ ¡ (no digits, no symbols, no control characters).
 */
import { applyRules, replaceSpoken, speakDigitRules, tidyRules, tidyWith, windowEnd, WINDOW_CHARS, type Rule, type SpokenRule } from "../normalize";
import { sayCardinalEs, sayDecimalEs, sayDigitsEs, sayNumberStringEs, sayOrdinalEs, type Gender } from "./numbers";
import {
  fixHourArticles,
  isValidMonthDayEs,
  MONTH_PATTERN_ES,
  monthNumberEs,
  sayDateEs,
  sayMoneyEs,
  sayPhoneGroupsEs,
  sayTimeEs,
  weekdayNameEs,
  WEEKDAY_PATTERN_ES,
  type MeridiemEs,
} from "./spoken-forms";

const HAS_DIGIT_RE = /\d/;
/** Letters as a JavaScript \b sees them miss "á", "ñ": these stand in for word boundaries around Spanish words. */
const NOT_AFTER_LETTER = "(?<![\\p{L}\\p{N}])";
const NOT_BEFORE_LETTER = "(?![\\p{L}\\p{N}])";

// ---------------------------------------------------------------- ordinals (before NFKC turns º and ª into o and a)

const ORDINAL_SUFFIXES: Record<string, { gender: "masculine" | "feminine"; apocope?: boolean }> = {
  "º": { gender: "masculine" }, "°": { gender: "masculine" }, o: { gender: "masculine" }, ro: { gender: "masculine" },
  do: { gender: "masculine" }, to: { gender: "masculine" }, mo: { gender: "masculine" }, vo: { gender: "masculine" },
  no: { gender: "masculine" }, er: { gender: "masculine", apocope: true }, "ª": { gender: "feminine" },
  ra: { gender: "feminine" }, da: { gender: "feminine" }, ta: { gender: "feminine" }, ma: { gender: "feminine" },
  va: { gender: "feminine" }, na: { gender: "feminine" },
};
// "1.º", "1º", "1.ª", "1er", "1.er", "2do", "3ra", "4to"; "1°" too (the degree sign is often typed for º), but
// not "37 °C" nor "37°" past ten (a temperature).
const ORDINAL_RE = new RegExp(`${NOT_AFTER_LETTER}(\\d{1,2})(?:\\.?([ºª])|°(?!\\s*[CF]${NOT_BEFORE_LETTER})|\\.?(er|ro|ra|do|da|to|ta|mo|ma|vo|va|no|na)${NOT_BEFORE_LETTER})`, "gu");

// "Nº 5", "n.º 5", "N° 5": número.
const NUMERO_SIGN_RE = /(?<![\p{L}\p{N}])[Nn]\.?\s?[º°]\s?(?=\d)/gu;

function speakOrdinals(text: string): string {
  if (!HAS_DIGIT_RE.test(text)) return text;
  return replaceSpoken(text.replace(NUMERO_SIGN_RE, "número "), ORDINAL_RE, (match, [digits, sign, letters]) => {
    const n = Number(digits);
    const suffix = ORDINAL_SUFFIXES[sign ?? letters ?? (match.includes("°") ? "°" : "")];
    if (!suffix || n < 1 || (match.includes("°") && n > 10)) return null;
    return sayOrdinalEs(n, suffix.gender, suffix.apocope);
  });
}

// ---------------------------------------------------------------- clean-up of raw input

const PARAGRAPH_BREAK_RE = /([^\s.!?,;:])[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)(?:[ \t]*(?:\r\n|\r|\n|\u2028|\u2029))+/g;
// "3pm", "2da" stay together for the time and ordinal rules; "3citas" is cut so the word rules see the word.
const DIGIT_THEN_WORD_RE = /(\d)(?![AaPp]\.?\s?[Mm]\.?(?![\p{L}\p{N}])|hrs?(?![\p{L}])|h(?![\p{L}]))(?=\p{L})/gu;
const WORD_THEN_DIGIT_RE = /(\p{L})(?=\d)/gu;
const EN_DASH_RE = /[\u2012\u2013]/;

const SANITIZE_RULES: readonly Rule[] = [
  [null, /[\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, ""],
  [/[\n\r\u2028\u2029]/, PARAGRAPH_BREAK_RE, "$1. "],
  [null, /\p{Cc}/gu, " "],
  [null, /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [null, /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [EN_DASH_RE, /(\d)\s*[\u2012\u2013]\s*(?=\d)/g, "$1-"],
  [/[\u2012-\u2015]/, /(?<!\s)\s*[\u2012\u2013\u2014\u2015]\s*/g, ", "],
  [null, /\u2026/g, "..."],
  [null, /\u2212/g, "-"],
  [HAS_DIGIT_RE, /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?!\d)/g, "$1 $2"],
  [HAS_DIGIT_RE, DIGIT_THEN_WORD_RE, "$1 "],
  // "24/7" before the date rules read it as a fraction.
  ["/", /(?<![\d/])24\s?\/\s?7(?![\d/])/g, "las veinticuatro horas, los siete días de la semana"],
];

function sanitize(text: string): string {
  return applyRules(speakOrdinals(text).normalize("NFKC"), SANITIZE_RULES);
}

// ---------------------------------------------------------------- addresses

const SYMBOL_NAMES_ES: Record<string, string> = {
  ".": "punto", "-": "guion", _: "guion bajo", "/": "barra", "+": "más", "@": "arroba", "%": "por ciento", "~": "tilde",
};

/** Every character of an address is spoken, as in English: letters as written, digits one by one, symbols by name. */
function sayAddressPartEs(part: string): string {
  const words: string[] = [];
  for (const token of part.toLowerCase().match(/[a-z]+|\d+|[^a-z\d]/g) ?? []) {
    const first = token[0]!;
    if (first >= "a" && first <= "z") words.push(token === "www" ? "w w w" : token);
    else if (first >= "0" && first <= "9") words.push(sayDigitsEs(token));
    else if (Object.hasOwn(SYMBOL_NAMES_ES, token)) words.push(SYMBOL_NAMES_ES[token]!);
  }
  return words.join(" ");
}

const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_WITH_PREFIX_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const URL_BARE_RE =
  /(?<![A-Za-z0-9-]|[A-Za-z0-9-]\.)\b[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|edu|gov|io|co|us|mx|es|info|health|care|clinic|app)\b(?:\/[^\s<>"]*)?/gi;
const TRAILING_URL_PUNCT_RE = /[.,!?;:)'"\]]+$/;

function speakAddresses(text: string): string {
  if (!text.includes(".")) return text;
  let out = replaceSpoken(text, EMAIL_RE, (m) => {
    const at = m.lastIndexOf("@");
    return `${sayAddressPartEs(m.slice(0, at))} arroba ${sayAddressPartEs(m.slice(at + 1))}`;
  });
  const speakUrl = (m: string) => {
    const trailing = TRAILING_URL_PUNCT_RE.exec(m)?.[0] ?? "";
    const core = m.slice(0, m.length - trailing.length).replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
    const spoken = sayAddressPartEs(core);
    return spoken.length > 0 ? spoken + trailing : null;
  };
  out = replaceSpoken(out, URL_WITH_PREFIX_RE, speakUrl);
  return replaceSpoken(out, URL_BARE_RE, speakUrl);
}

// ---------------------------------------------------------------- titles and abbreviations

/** Titles sit before a name: with their period, or without it before a capitalised name ("Dra Pérez"). */
const TITLES: Record<string, string> = {
  dr: "doctor", dra: "doctora", dres: "doctores", dras: "doctoras", sr: "señor", sra: "señora", srta: "señorita",
  sres: "señores", sras: "señoras", lic: "licenciado", licdo: "licenciado", lcdo: "licenciado", licda: "licenciada",
  lcda: "licenciada", ing: "ingeniero", inga: "ingeniera", prof: "profesor", profa: "profesora", mr: "señor",
  mrs: "señora", ms: "señorita", enf: "enfermero", enfa: "enfermera",
};
// Upper or lower case with the period; capitalised and before a capitalised word without it.
const TITLE_RE = new RegExp(`${NOT_AFTER_LETTER}(${Object.keys(TITLES).map((t) => `[${t[0]!.toUpperCase()}${t[0]}]${t.slice(1)}`).join("|")})(\\.|(?=\\s+\\p{Lu}))`, "gu");

/** Abbreviations that need their period (the bare word may be a name or a word: "Tel", "Av"). */
const ABBREVIATIONS: Record<string, string> = {
  "ud.": "usted", "uds.": "ustedes", "vd.": "usted", "tel.": "teléfono", "teléf.": "teléfono", "núm.": "número",
  "nro.": "número", "n.o": "número", "pág.": "página", "av.": "avenida", "avda.": "avenida", "aprox.": "aproximadamente",
  "etc.": "etcétera", "p. ej.": "por ejemplo", "p.ej.": "por ejemplo", "ee. uu.": "Estados Unidos", "ee.uu.": "Estados Unidos",
  "depto.": "departamento", "dpto.": "departamento", "consult.": "consultorio", "edif.": "edificio", "ext.": "extensión",
  "int.": "interior", "col.": "colonia", "min.": "minutos", "hrs.": "horas", "seg.": "segundos", "cía.": "compañía",
};
const ABBREVIATION_RE = new RegExp(
  `${NOT_AFTER_LETTER}(${Object.keys(ABBREVIATIONS).sort((a, b) => b.length - a.length).map((a) => a.replace(/[.]/g, "\\.")).join("|")})(?![\\p{L}])`,
  "giu",
);
const MAY_END_SENTENCE = new Set(["etc.", "ee. uu.", "ee.uu.", "min.", "hrs.", "seg.", "cía.", "ud.", "uds.", "aprox."]);
// "No. 5", "#5" before a number: número ("no 5" without the period is the word no). "EEUU" without periods.
const NUMBER_WORD_RE = /(?<![\p{L}\p{N}])(?:[Nn]o\.|#)\s?(?=\d)/gu;
const SENTENCE_START_RE = /(?:^|[.!?¿¡]\s*)$/;

/** The expansion in lower case mid-sentence ("la doctora Pérez"), capitalised where a sentence starts. */
function inSentence(words: string, before: string): string {
  if (!SENTENCE_START_RE.test(before) || /^\p{Lu}/u.test(words)) return words;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function expandAbbreviationsEs(text: string): string {
  let out = replaceSpoken(text, TITLE_RE, (_m, [abbr], _after, before) => inSentence(TITLES[(abbr ?? "").toLowerCase()]!, before));
  out = replaceSpoken(out, ABBREVIATION_RE, (m, _g, after, before) => {
    const words = ABBREVIATIONS[m.toLowerCase()];
    if (!words) return null;
    // The period of "etc." may also end the sentence; the one of "Av." (before a name) only ends the text.
    const endsSentence = /^\s*$/.test(after) || (MAY_END_SENTENCE.has(m.toLowerCase()) && SENTENCE_FOLLOWS_RE.test(after));
    return inSentence(words, before) + (endsSentence ? "." : "");
  });
  out = out.replace(/(?<![\p{L}])EEUU(?![\p{L}])/gu, "Estados Unidos");
  return HAS_DIGIT_RE.test(out) ? out.replace(NUMBER_WORD_RE, " número ") : out;
}

// ---------------------------------------------------------------- phone numbers

const INTERNATIONAL_PHONE_RE = /\+(?!1[\s.()-]*\d{3}[\s.)-]*\d{3}[\s.-]*\d{4}(?!\d))\d[\d\s.()-]{5,18}\d(?!\d)/g;
const NANP_WITH_COUNTRY_CODE_RE = /(?<![\d+])\+?1[\s.-]?(?:\((\d{3})\)|(\d{3}))[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)/g;
const NANP_PHONE_RE = /(?<![\d+])(?:\((\d{3})\)|(\d{3}))[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)/g;
const LOCAL_PHONE_RE = /(?<![\d.,-])(\d{3})-(\d{4})(?![\d-]|\.\d)/g;

/** Phone numbers in the groups they are dialled in, digit by digit, as a Spanish speaker reads them out. */
const PHONE_RULES: readonly SpokenRule[] = [
  [INTERNATIONAL_PHONE_RE, (m) => {
    let groups = m.replace("+", "").split(/[\s.()-]+/).filter(Boolean);
    if (groups.length === 1) {
      const digits = groups[0]!;
      groups = [digits.slice(0, 2), ...(digits.slice(2).match(/\d{1,4}/g) ?? [])];
    }
    return `más ${sayPhoneGroupsEs(groups)}`;
  }],
  [NANP_WITH_COUNTRY_CODE_RE, (_m, [areaInParens, area, exchange, line]) =>
    `uno, ${sayPhoneGroupsEs([areaInParens ?? area ?? "", exchange ?? "", line ?? ""])}`],
  [NANP_PHONE_RE, (_m, [areaInParens, area, exchange, line]) => sayPhoneGroupsEs([areaInParens ?? area ?? "", exchange ?? "", line ?? ""])],
  [LOCAL_PHONE_RE, (_m, [exchange, line]) => sayPhoneGroupsEs([exchange ?? "", line ?? ""])],
];

// ---------------------------------------------------------------- dates

const WEEKDAY_PREFIX = `(?:(${WEEKDAY_PATTERN_ES})\\.?,?\\s+)?`;
const ISO_DATE_RE = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])/g;
const NUMERIC_DATE_RE = new RegExp(`${NOT_AFTER_LETTER}${WEEKDAY_PREFIX}(\\d{1,2})([/-])(\\d{1,2})(?:\\3(\\d{4}|\\d{2}))?(?![\\d/]|-\\d)`, "giu");
// "3 de marzo", "3 de marzo de 2026", "3 mar. 2026", "martes 3 de marzo".
const DAY_FIRST_RE = new RegExp(
  `${NOT_AFTER_LETTER}${WEEKDAY_PREFIX}(\\d{1,2}|primero)(?:\\s+de)?\\s+(${MONTH_PATTERN_ES})${NOT_BEFORE_LETTER}\\.?(?:,?\\s+(?:de(?:l)?\\s+)?(\\d{4})(?!\\d))?`,
  "giu",
);
// "marzo 3, 2026" (as US Spanish often writes it): full month names only, "mar 3" may be martes.
const MONTH_FIRST_RE = new RegExp(
  `${NOT_AFTER_LETTER}(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)\\s+(\\d{1,2})(?![\\d:])(?:,?\\s+(?:de\\s+)?(\\d{4})(?!\\d))?`,
  "giu",
);
const DATE_CONTEXT_RE = new RegExp(`(?:${NOT_AFTER_LETTER}(?:el|del|al|hasta|desde|antes|después|para|${WEEKDAY_PATTERN_ES})\\.?,?\\s+)$`, "iu");
const FRACTIONS_ES: Record<string, string> = { "1/2": "un medio", "1/3": "un tercio", "1/4": "un cuarto", "3/4": "tres cuartos" };

/** The weekday in full, in the case it was written ("Mar." → "martes", "MARTES" stays "MARTES"). */
function weekdayWord(written: string | undefined): string {
  if (written === undefined) return "";
  const name = weekdayNameEs(written) ?? written;
  return /^\p{Lu}/u.test(written) && written.toUpperCase() !== written ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}

function withWeekdayEs(weekday: string | undefined, date: string): string {
  return weekday ? `${weekdayWord(weekday)} ${date}` : date;
}

function speakNumericDateEs(groups: (string | undefined)[], before: string): string | null {
  const [weekday, first, separator, second, year] = groups;
  let day = Number(first);
  let month = Number(second);
  if (!isValidMonthDayEs(month, day) && isValidMonthDayEs(day, month)) [day, month] = [month, day];
  if (!isValidMonthDayEs(month, day)) return null;
  if (year === undefined) {
    if (separator === "-") return null;
    if (!weekday && !DATE_CONTEXT_RE.test(before)) {
      return FRACTIONS_ES[`${first}/${second}`] ?? `${sayCardinalEs(Number(first))} sobre ${sayCardinalEs(Number(second))}`;
    }
    return withWeekdayEs(weekday, sayDateEs(month, day, null));
  }
  return withWeekdayEs(weekday, sayDateEs(month, day, Number(year)));
}

function speakNamedDateEs(weekday: string | undefined, monthName: string, day: string, year: string | undefined): string | null {
  const month = monthNumberEs(monthName);
  const dayNumber = day.toLowerCase() === "primero" ? 1 : Number(day);
  if (month === null || !isValidMonthDayEs(month, dayNumber)) return null;
  return withWeekdayEs(weekday, sayDateEs(month, dayNumber, year === undefined ? null : Number(year)));
}

const DATE_RULES: readonly SpokenRule[] = [
  [ISO_DATE_RE, (_m, [year, month, day, hour, minute]) => {
    if (!isValidMonthDayEs(Number(month), Number(day))) return null;
    const date = sayDateEs(Number(month), Number(day), Number(year));
    if (hour === undefined || minute === undefined) return date;
    const time = sayTimeEs(Number(hour), Number(minute), null);
    return time === null ? date : `${date}, a las ${time}`;
  }],
  [NUMERIC_DATE_RE, (_m, groups, _after, before) => speakNumericDateEs(groups, before)],
  // The pattern takes the period of "mar."; when it was also the sentence's end, it is put back.
  [DAY_FIRST_RE, (m, [weekday, day, monthName, year], after) => {
    const date = speakNamedDateEs(weekday, monthName ?? "", day ?? "", year);
    return date === null ? null : date + (m.endsWith(".") && SENTENCE_FOLLOWS_RE.test(after) ? "." : "");
  }],
  [MONTH_FIRST_RE, (_m, [monthName, day, year]) => speakNamedDateEs(undefined, monthName ?? "", day ?? "", year)],
];

// "lun-vie", "Lun. a Vie.": weekday ranges as "lunes a viernes".
const WEEKDAY_RANGE_RE = new RegExp(`${NOT_AFTER_LETTER}(${WEEKDAY_PATTERN_ES})\\.?[ \\t]?(?:-|a(?=[ \\t]))[ \\t]?(${WEEKDAY_PATTERN_ES})${NOT_BEFORE_LETTER}\\.?`, "giu");

function speakWeekdayRanges(text: string): string {
  if (!/[-a]/.test(text)) return text;
  return replaceSpoken(text, WEEKDAY_RANGE_RE, (m, [from, to], after) => {
    // Both ends must be weekdays: "mar-jun" is a span of months, "dom" alone a name.
    if (weekdayNameEs(from ?? "") === null || weekdayNameEs(to ?? "") === null) return null;
    return `${weekdayWord(from)} a ${weekdayWord(to)}${m.endsWith(".") && SENTENCE_FOLLOWS_RE.test(after) ? "." : ""}`;
  });
}

// ---------------------------------------------------------------- times

// "p. m.", "p.m.", "pm", "PM", and the 24-hour clock's "h"/"hrs" (said as nothing: the hour says it).
const MERIDIEM_ES = "(?:\\s*(?:([AaPp])\\.?\\s?[Mm](\\.?)|(hrs?\\.?|h))(?![\\p{L}\\p{N}]))";
const CLOCK_RE = new RegExp(`(?<![\\d:])(\\d{1,2}):(\\d{2})(?::\\d{2})?(?![\\d:])${MERIDIEM_ES}?`, "gu");
// A bare hour needs a.m./p.m.: "24 h" is a duration.
const HOUR_RE = /(?<![\d:.,])(\d{1,2})\s*([AaPp])\.?\s?[Mm](\.?)(?![\p{L}\p{N}])/gu;
const NUMBER_RANGE_RE = /(\d(?:\s?[AaPp]\.?\s?[Mm]\.?)?)\s*-\s*(?=\d)/g;
const SENTENCE_FOLLOWS_RE = /^(?:\s*$|\s+[\p{Lu}¿¡])/u;

function toMeridiemEs(letter: string | undefined): MeridiemEs | null {
  if (letter === undefined) return null;
  return letter.toLowerCase() === "a" ? "am" : "pm";
}

function sentencePeriod(period: string | undefined, after: string): string {
  return period !== undefined && period.endsWith(".") && SENTENCE_FOLLOWS_RE.test(after) ? "." : "";
}

function speakTimesEs(text: string): string {
  if (!HAS_DIGIT_RE.test(text)) return text;
  // "de 9 a 5", "9-5", "9:00-17:00": a range between numbers is said with "a".
  let out = text.replace(NUMBER_RANGE_RE, "$1 a ");
  out = replaceSpoken(out, CLOCK_RE, (_m, [hour, minute, letter, period, clock24], after) => {
    const spoken = sayTimeEs(Number(hour), Number(minute), toMeridiemEs(letter));
    return spoken === null ? null : spoken + sentencePeriod(period ?? clock24, after);
  });
  return replaceSpoken(out, HOUR_RE, (_m, [hour, letter, period], after) => {
    const spoken = sayTimeEs(Number(hour), 0, toMeridiemEs(letter));
    return spoken === null ? null : spoken + sentencePeriod(period, after);
  });
}

// ---------------------------------------------------------------- money, percentages, numbers

const MONEY_SCALE_RE = /(US\$|[$€£])\s?(\d+(?:\.\d+)?)\s*(mil|millones|millón|k|K|M)(?![\p{L}])/gu;
const MONEY_RE = /(US\$|[$€£])\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d,]\d)/g;
const CODE_MONEY_RE = /(?<![\p{L}])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s?(USD|MXN|dólares|dolares|pesos)(?![\p{L}])/gu;
const PERCENT_RE = /(?<!\d)(\d+(?:\.\d+)?)\s?%/g;
const DECIMAL_RE = /(?:(?<!\d)|(?=\.))(\d*)\.(\d+)/g;
const GROUPED_NUMBER_RE = /(?<!\d)\d{1,3}(?:,\d{3})+(?!\d)/g;
const INTEGER_RE = /\d+/g;
const SCALE_WORDS_ES: Record<string, string> = { k: "mil", K: "mil", mil: "mil", M: "millones", millones: "millones", millón: "millones" };

/** Feminine nouns a number often counts in a reminder; other words ending in -a(s) are taken as feminine too. */
const MASCULINE_IN_A = new Set(["día", "días", "mapa", "mapas", "problema", "problemas", "programa", "programas", "sistema", "sistemas", "tema", "temas"]);
const FEMININE_OTHER = new Set(["vez", "veces", "dosis", "tos", "mujer", "mujeres", "semana", "semanas", "noche", "noches", "tarde", "tardes", "clase", "clases", "unidad", "unidades", "sesión", "sesiones"]);

/** The gender a number takes from the word after it: "una hora", "veintiún años", "piso uno". */
function genderBefore(after: string): Gender {
  const next = /^\s+(\p{L}+)/u.exec(after)?.[1]?.toLowerCase();
  if (next === undefined || ["de", "y", "a", "o", "con", "en", "por", "para"].includes(next)) return "none";
  if (MASCULINE_IN_A.has(next)) return "masculine";
  if (FEMININE_OTHER.has(next) || /as?$/.test(next)) return "feminine";
  return "masculine";
}

function sayNumberTextEs(raw: string): string {
  const point = raw.indexOf(".");
  return point < 0 ? sayNumberStringEs(raw) : sayDecimalEs(raw.slice(0, point), raw.slice(point + 1));
}

/** Grouped and up to four digits are numbers; five or more, or a leading zero, are codes read digit by digit. */
function sayIntegerEs(digits: string, gender: Gender): string {
  if (digits.length >= 5 || (digits.length > 1 && digits.startsWith("0"))) return sayDigitsEs(digits);
  return sayCardinalEs(Number(digits), gender);
}

const UNIT_WORDS: Record<string, [one: string, many: string]> = {
  mg: ["miligramo", "miligramos"], ml: ["mililitro", "mililitros"], kg: ["kilo", "kilos"], g: ["gramo", "gramos"],
  cm: ["centímetro", "centímetros"], km: ["kilómetro", "kilómetros"], lb: ["libra", "libras"], lbs: ["libra", "libras"],
};
// "2.5 mg", "10ml": the number is read by the rules below, the unit by name.
const UNIT_RE = /(\d)\s?(mg|ml|kg|g|cm|km|lbs|lb)(?![\p{L}\p{N}])/gu;

// "1.234,50 €", "30 €": an amount written before the euro sign, as Spain writes it (dots group, a comma decimals).
const EURO_AFTER_RE = /(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?\s?€/g;

const NUMBER_RULES: readonly SpokenRule[] = [
  [EURO_AFTER_RE, (_m, [whole, fraction]) => sayMoneyEs("€", (whole ?? "0").replace(/\./g, ""), fraction)],
  [UNIT_RE, (m, [digit, unit], _after, before) => {
    const number = (/[\d.,]*$/.exec(before)?.[0] ?? "") + digit;
    const [one, many] = UNIT_WORDS[unit ?? ""] ?? ["", ""];
    return `${digit} ${number === "1" ? one : many}`;
  }],
  [MONEY_SCALE_RE, (_m, [symbol, amount, scale]) => {
    const scaleWord = SCALE_WORDS_ES[scale ?? ""] ?? "mil";
    const currency = symbol === "€" ? "euros" : symbol === "£" ? "libras" : "dólares";
    // "dos mil dólares", but "dos millones de dólares", "un millón de dólares".
    if (scaleWord === "mil") return `${amount === "1" ? "" : `${sayNumberTextEs(amount ?? "")} `}mil ${currency}`;
    return `${amount === "1" ? "un millón" : `${sayNumberTextEs(amount ?? "")} millones`} de ${currency}`;
  }],
  [MONEY_RE, (_m, [symbol, whole, fraction]) => sayMoneyEs(symbol === "US$" ? "$" : (symbol ?? "$"), whole ?? "0", fraction)],
  [CODE_MONEY_RE, (_m, [whole, fraction, code]) => {
    const pesos = /^(MXN|pesos)$/i.test(code ?? "");
    const spoken = sayMoneyEs("$", whole ?? "0", fraction);
    return pesos ? spoken.replace(/\bdólar(es)?\b/, (w) => (w === "dólar" ? "peso" : "pesos")) : spoken;
  }],
  [PERCENT_RE, (_m, [amount]) => `${sayNumberTextEs(amount ?? "")} por ciento`],
  [DECIMAL_RE, (_m, [whole, fraction]) => (whole === "" ? `punto ${sayDigitsEs(fraction ?? "")}` : sayDecimalEs(whole ?? "", fraction ?? ""))],
  [GROUPED_NUMBER_RE, (m, _g, after) => sayNumberStringEs(m, genderBefore(after))],
  [INTEGER_RE, (m, _g, after) => sayIntegerEs(m, genderBefore(after))],
];

// ---------------------------------------------------------------- symbols and punctuation

const SYMBOL_RULES: readonly Rule[] = [
  ["/", /(?<![\p{L}])[Cc]\/(?=\s?\p{L}|\s?\d)/gu, "cada "],
  ["(s)", /\(s\)/g, "s"],
  ["(as)", /\(as\)/g, "as"],
  ["&", /(?<!\s)\s*&\s*/g, " y "],
  ["+", /(?<!\s)\s*\+\s*/g, " más "],
  ["=", /(?<!\s)\s*=\s*/g, " igual a "],
  ["@", /(?<!\s)\s*@\s*/g, " arroba "],
  ["%", /(?<!\s)\s*%/g, " por ciento"],
  ["~", /~\s*/g, "aproximadamente "],
  ["°", /(?<!\s)\s*°\s*([CF])(?![\p{L}])/gu, " grados $1"],
  ["°", /(?<!\s)\s*°/g, " grados"],
  [null, /[$€£¢#*^_|\\/]/g, " "],
  [/[()[\]{}<>]/, /(?<!\s)\s*[()[\]{}<>]+\s*/g, ", "],
];

/**
 * The English tidy-up, keeping ¿ and ¡ where a question or an exclamation opens (Kokoro pauses on them), and
 * with a space after a period before a word or an opening mark.
 */
const TIDY_RULES_ES = tidyRules({
  keep: "¿¡",
  beforeBlanks: [
    // An opening mark opens the words after it: runs become one, blanks after it go, and one with no word after it goes.
    [/[¿¡]/, /([¿¡])[\s¿¡]*(?=[¿¡])/g, ""],
    [/[¿¡]/, /([¿¡])\s+/g, "$1"],
    [/[¿¡]/, /[¿¡](?![\p{L}\p{M}\p{N}'-])/gu, " "],
    [/[¿¡]/, /(?<=[\p{L}\p{M}\p{N}'-])(?=[¿¡])/gu, " "],
  ],
  afterSpacing: [[/[.¿¡]/, /[,!?;:.](?=[¿¡])|\.(?=[\p{L}\p{N}])/gu, "$& "]],
});

/** The Spanish tidy-up: the English one plus ¿ and ¡. */
export function tidySpanish(text: string): string {
  return tidyWith(text, TIDY_RULES_ES);
}

function normalizeOnceEs(text: string): string {
  let out = sanitize(text);
  out = speakAddresses(out);
  out = HAS_DIGIT_RE.test(out) ? out.replace(WORD_THEN_DIGIT_RE, "$1 ") : out;
  out = expandAbbreviationsEs(out);
  out = speakDigitRules(out, PHONE_RULES);
  out = speakDigitRules(speakWeekdayRanges(out), DATE_RULES);
  out = speakTimesEs(out);
  out = speakDigitRules(out, NUMBER_RULES);
  out = applyRules(out, SYMBOL_RULES);
  return fixHourArticles(tidySpanish(out));
}

const MAX_PASSES = 6;

function normalizeWindowEs(text: string): string {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const next = normalizeOnceEs(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/**
 * Spanish text as it is said aloud (see the file's comment). Idempotent within 4,000 characters and total:
 * it never throws. Longer text is normalised window by window, as the English one.
 */
export function normalizeSpanishForSpeech(text: string): string {
  if (typeof text !== "string" || text.length === 0) return "";
  if (text.length <= WINDOW_CHARS) return normalizeWindowEs(text);
  const spoken: string[] = [];
  for (let start = 0; start < text.length; ) {
    const end = windowEnd(text, start);
    const piece = normalizeWindowEs(text.slice(start, end));
    if (piece.length > 0) spoken.push(piece);
    start = end;
  }
  return spoken.join(" ");
}
