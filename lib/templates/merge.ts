import type { ParsedTemplate } from "./parse";
import { CUSTOM_VARIABLE_PREFIX } from "./variables";

export type MergeContact = {
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  email: string | null;
  /** IANA zone, e.g. "America/Chicago"; null or an unknown zone falls back to MergeData.defaultTimezone. */
  timezone: string | null;
  attributes: Record<string, string>;
};

export type MergeAppointment = { startsAt: Date; provider: string | null; location: string | null };

export type MergeData = {
  contact: MergeContact;
  appointment: MergeAppointment | null;
  defaultTimezone: string;
  /**
   * The other people one message speaks to (patients who share this number and have appointments the same
   * day): names are said together ("Lucia and Mateo"), and each one's time with their name when they differ.
   */
  together?: readonly { contact: MergeContact; appointment: MergeAppointment | null }[];
  /**
   * The language the message is written in, a tag such as "es" or "es-419" (default English): appointment
   * values are formatted as that language writes them ("martes 3 de marzo", "2:30 p. m."), and names said
   * together are joined by its "and". Languages without formats of their own are formatted in English.
   */
  language?: string;
};

type Formatter = { format(date: Date): string };
type Formatters = { date: Formatter; time: Formatter };
type MergeLanguage = "en" | "es";

function mergeLanguage(language: string | undefined): MergeLanguage {
  return language?.split("-")[0]?.toLowerCase() === "es" ? "es" : "en";
}

const MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const WEEKDAYS_ES = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];

/**
 * Spanish as a US clinic writes it to its patients: "martes 3 de marzo" (no comma, month in lower case) and
 * "2:30 p. m." (the spaced abbreviation the Spanish academies recommend; lib/speech reads it aloud). Built on
 * the numeric parts of an en-US formatter, so the result does not depend on which ICU locales Node carries.
 */
function spanishFormatters(timeZone: string): Formatters {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h23" });
  const read = (date: Date) => {
    const got: Record<string, number> = {};
    for (const part of parts.formatToParts(date)) if (part.type !== "literal") got[part.type] = Number(part.value);
    return { year: got.year ?? 1970, month: got.month ?? 1, day: got.day ?? 1, hour: (got.hour ?? 0) % 24, minute: got.minute ?? 0 };
  };
  return {
    date: {
      format(date) {
        const { year, month, day } = read(date);
        return `${WEEKDAYS_ES[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${day} de ${MONTHS_ES[month - 1]}`;
      },
    },
    time: {
      format(date) {
        const { hour, minute } = read(date);
        return `${hour % 12 === 0 ? 12 : hour % 12}:${String(minute).padStart(2, "0")} ${hour < 12 ? "a. m." : "p. m."}`;
      },
    },
  };
}

// Building an Intl.DateTimeFormat costs far more than using one, and a campaign has few zones.
const formattersByZone = new Map<string, Formatters | null>();

function getFormatters(timeZone: string, language: MergeLanguage): Formatters | null {
  const key = `${language} ${timeZone}`;
  const cached = formattersByZone.get(key);
  if (cached !== undefined) return cached;
  let formatters: Formatters | null;
  try {
    formatters =
      language === "es"
        ? spanishFormatters(timeZone)
        : {
            date: new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric" }),
            time: new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit", hour12: true }),
          };
  } catch {
    formatters = null;
  }
  formattersByZone.set(key, formatters);
  return formatters;
}

function resolveFormatters(data: MergeData): Formatters | null {
  const zones = [data.contact.timezone, data.defaultTimezone, "UTC"];
  for (const zone of zones) {
    if (!zone) continue;
    const formatters = getFormatters(zone, mergeLanguage(data.language));
    if (formatters) return formatters;
  }
  return null;
}

// A campaign's appointments fall on few instants, and a merge formats each more than once (text, missing
// values): each formatter remembers what it wrote, for at most this many instants.
const MAX_FORMATTED_INSTANTS = 10_000;
const formattedByFormatter = new Map<Formatter, Map<number, string>>();

function formatAppointment(data: MergeData, which: "date" | "time"): string {
  const startsAt = data.appointment?.startsAt;
  const instant = startsAt?.getTime();
  if (!startsAt || instant === undefined || Number.isNaN(instant)) return "";
  const formatters = resolveFormatters(data);
  if (!formatters) return "";
  const formatter = formatters[which];
  let formatted = formattedByFormatter.get(formatter);
  if (!formatted) formattedByFormatter.set(formatter, (formatted = new Map()));
  let text = formatted.get(instant);
  if (text === undefined) {
    // ICU puts a narrow no-break space before AM/PM; plain text and TTS expect a normal space.
    text = formatter.format(startsAt).replace(/[\u202f\u00a0]/g, " ");
    if (formatted.size >= MAX_FORMATTED_INSTANTS) formatted.clear();
    formatted.set(instant, text);
  }
  return text;
}

type Resolver = (data: MergeData) => string;

function clean(value: string | null | undefined): string {
  return value ? value.trim() : "";
}

/** The words a message's language joins with ("Lucia and Mateo", "9:00 AM for Lucia"; "Lucía y Mateo"). */
const JOINERS: Record<MergeLanguage, { and: string; for: string; at: string; atOne: string }> = {
  en: { and: "and", for: "for", at: "at", atOne: "at" },
  // "a las 2:30", but "a la 1:30".
  es: { and: "y", for: "para", at: "a las", atOne: "a la" },
};
const joinersOf = (d: MergeData) => JOINERS[mergeLanguage(d.language)];

/** "Lucia", "Lucia and Mateo", "Lucia, Mateo and Ana": the distinct non-empty values, as said aloud. */
function sayTogether(values: readonly string[], and = "and"): string {
  const distinct = [...new Set(values.filter((v) => v !== ""))];
  if (distinct.length <= 1) return distinct[0] ?? "";
  return `${distinct.slice(0, -1).join(", ")} ${and} ${distinct.at(-1)}`;
}

/** Everyone the message speaks to, this recipient first. */
function people(d: MergeData): MergeData[] {
  return [d, ...(d.together ?? []).map((p) => ({ contact: p.contact, appointment: p.appointment, defaultTimezone: d.defaultTimezone, language: d.language }))];
}

const firstNameOf = (d: MergeData) => clean(d.contact.firstName);
const fullNameOf = (d: MergeData) => [clean(d.contact.firstName), clean(d.contact.lastName)].filter((s) => s !== "").join(" ");

/** Each one's time; with different times, each time with the name it belongs to ("9:00 AM for Lucia and 9:30 AM for Mateo"). */
function sayTimes(d: MergeData): string {
  if (!d.together) return formatAppointment(d, "time");
  const all = people(d);
  const times = all.map((p) => formatAppointment(p, "time"));
  if (new Set(times).size <= 1) return times[0] ?? "";
  const words = joinersOf(d);
  return sayTogether(all.map((p, i) => (times[i] === "" ? "" : `${times[i]} ${words.for} ${firstNameOf(p) || fullNameOf(p)}`)), words.and);
}

/** A value of one person, or of everyone a message speaks to, said together. */
function eachOf(value: (d: MergeData) => string): Resolver {
  return (d) => (d.together ? sayTogether(people(d).map(value), joinersOf(d).and) : value(d));
}

const dateOf = (d: MergeData) => formatAppointment(d, "date");

const RESOLVERS: Record<string, Resolver> = {
  firstName: eachOf(firstNameOf),
  lastName: eachOf((d) => clean(d.contact.lastName)),
  fullName: eachOf(fullNameOf),
  phone: (d) => clean(d.contact.phone),
  email: (d) => clean(d.contact.email),
  "appointment.date": eachOf(dateOf),
  "appointment.time": sayTimes,
  "appointment.dateTime": (d) => {
    const date = eachOf(dateOf)(d);
    if (date === "") return "";
    const times = sayTimes(d);
    const words = joinersOf(d);
    return `${date} ${/^1:/.test(times) ? words.atOne : words.at} ${times}`;
  },
  "appointment.provider": eachOf((d) => clean(d.appointment?.provider)),
  "appointment.location": eachOf((d) => clean(d.appointment?.location)),
};

const resolveNothing: Resolver = () => "";

function getResolver(name: string): Resolver {
  const builtIn = RESOLVERS[name];
  if (builtIn) return builtIn;
  if (name.startsWith(CUSTOM_VARIABLE_PREFIX)) {
    const key = name.slice(CUSTOM_VARIABLE_PREFIX.length);
    return (d) => (Object.hasOwn(d.contact.attributes, key) ? clean(d.contact.attributes[key]) : "");
  }
  return resolveNothing;
}

type CompiledPart = string | { name: string; resolve: Resolver; fallback: string | null };

// mergeTemplate runs once per recipient with the same parsed template; compile its parts once.
const compiledByTemplate = new WeakMap<ParsedTemplate, CompiledPart[]>();

function compile(parsed: ParsedTemplate): CompiledPart[] {
  const cached = compiledByTemplate.get(parsed);
  if (cached) return cached;
  const compiled = parsed.parts.map((part): CompiledPart =>
    part.kind === "text" ? part.text : { name: part.name, resolve: getResolver(part.name), fallback: part.fallback },
  );
  compiledByTemplate.set(parsed, compiled);
  return compiled;
}

/** Removes what an empty value leaves behind: "Hi , your" → "Hi, your", double spaces, ", ." and leading commas. */
function tidyAfterEmptyValue(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, " ")
    // The lookbehinds keep these linear on a long run of blanks (from a CSV cell): a run is tried once.
    .replace(/(?<![ \t])[ \t]+([,.!?;:])/g, "$1")
    .replace(/,(?:[ \t]*,)+/g, ",")
    .replace(/,[ \t]*([.!?;:])/g, "$1")
    .replace(/^[\s,;:]+/, "")
    .replace(/([.!?][ \t]+)[,;:][ \t]*/g, "$1")
    .replace(/(?<![ \t])[ \t]+$/gm, "")
    .trim();
}

/**
 * Fills the placeholders for one recipient. Appointment date and time are formatted in the contact's time
 * zone (else defaultTimezone, else UTC), e.g. "Tuesday, March 3" and "2:30 PM". An empty value uses the
 * placeholder's fallback; with no fallback it merges to "" and the punctuation around it is tidied.
 */
export function mergeTemplate(parsed: ParsedTemplate, data: MergeData): string {
  let out = "";
  let hadEmpty = false;
  // A Spanish time ends in its own period ("2:30 p. m."): a sentence ending right after it takes no second one.
  const spanish = mergeLanguage(data.language) === "es";
  for (const part of compile(parsed)) {
    if (typeof part === "string") {
      out += spanish && part.startsWith(".") && out.endsWith(" m.") ? part.slice(1) : part;
      continue;
    }
    const value = part.resolve(data);
    if (value !== "") {
      out += value;
      continue;
    }
    const fallback = part.fallback ?? "";
    if (fallback === "") hadEmpty = true;
    out += fallback;
  }
  return hadEmpty ? tidyAfterEmptyValue(out) : out;
}

/** Variables that would merge to nothing for this recipient: no value and no fallback (the UI warns). */
export function listMissingValues(parsed: ParsedTemplate, data: MergeData): string[] {
  const missing: string[] = [];
  for (const part of compile(parsed)) {
    if (typeof part === "string" || missing.includes(part.name)) continue;
    // An empty fallback on an appointment value still leaves a hole ("with  on  at"): it counts as missing.
    if (part.fallback !== null && !(part.fallback === "" && part.name.startsWith("appointment."))) continue;
    if (part.resolve(data) === "") missing.push(part.name);
  }
  return missing;
}

export function usesAppointment(parsed: ParsedTemplate): boolean {
  return parsed.variables.some((name) => name.startsWith("appointment."));
}
