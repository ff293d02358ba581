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
};

type Formatters = { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat };

// Building an Intl.DateTimeFormat costs far more than using one, and a campaign has few zones.
const formattersByZone = new Map<string, Formatters | null>();

function getFormatters(timeZone: string): Formatters | null {
  const cached = formattersByZone.get(timeZone);
  if (cached !== undefined) return cached;
  let formatters: Formatters | null;
  try {
    formatters = {
      date: new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric" }),
      time: new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit", hour12: true }),
    };
  } catch {
    formatters = null;
  }
  formattersByZone.set(timeZone, formatters);
  return formatters;
}

function resolveFormatters(data: MergeData): Formatters | null {
  const zones = [data.contact.timezone, data.defaultTimezone, "UTC"];
  for (const zone of zones) {
    if (!zone) continue;
    const formatters = getFormatters(zone);
    if (formatters) return formatters;
  }
  return null;
}

// A campaign's appointments fall on few instants, and a merge formats each more than once (text, missing
// values): each formatter remembers what it wrote, for at most this many instants.
const MAX_FORMATTED_INSTANTS = 10_000;
const formattedByFormatter = new Map<Intl.DateTimeFormat, Map<number, string>>();

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

/** "Lucia", "Lucia and Mateo", "Lucia, Mateo and Ana": the distinct non-empty values, as said aloud. */
function sayTogether(values: readonly string[]): string {
  const distinct = [...new Set(values.filter((v) => v !== ""))];
  if (distinct.length <= 1) return distinct[0] ?? "";
  return `${distinct.slice(0, -1).join(", ")} and ${distinct.at(-1)}`;
}

/** Everyone the message speaks to, this recipient first. */
function people(d: MergeData): MergeData[] {
  return [d, ...(d.together ?? []).map((p) => ({ contact: p.contact, appointment: p.appointment, defaultTimezone: d.defaultTimezone }))];
}

const firstNameOf = (d: MergeData) => clean(d.contact.firstName);
const fullNameOf = (d: MergeData) => [clean(d.contact.firstName), clean(d.contact.lastName)].filter((s) => s !== "").join(" ");

/** Each one's time; with different times, each time with the name it belongs to ("9:00 AM for Lucia and 9:30 AM for Mateo"). */
function sayTimes(d: MergeData): string {
  if (!d.together) return formatAppointment(d, "time");
  const all = people(d);
  const times = all.map((p) => formatAppointment(p, "time"));
  if (new Set(times).size <= 1) return times[0] ?? "";
  return sayTogether(all.map((p, i) => (times[i] === "" ? "" : `${times[i]} for ${firstNameOf(p) || fullNameOf(p)}`)));
}

/** A value of one person, or of everyone a message speaks to, said together. */
function eachOf(value: (d: MergeData) => string): Resolver {
  return (d) => (d.together ? sayTogether(people(d).map(value)) : value(d));
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
    return date === "" ? "" : `${date} at ${sayTimes(d)}`;
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
  for (const part of compile(parsed)) {
    if (typeof part === "string") {
      out += part;
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
    if (typeof part === "string" || part.fallback !== null || missing.includes(part.name)) continue;
    if (part.resolve(data) === "") missing.push(part.name);
  }
  return missing;
}

export function usesAppointment(parsed: ParsedTemplate): boolean {
  return parsed.variables.some((name) => name.startsWith("appointment."));
}
