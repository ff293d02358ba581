import leven from "leven";
import { err, ok, type Result } from "@/lib/result";
import { parseTemplate, type ParsedTemplate, type TemplateError } from "./parse";
import { CUSTOM_VARIABLE_PREFIX, TEMPLATE_VARIABLES } from "./variables";

/** A voice message longer than this takes well over a minute to hear; people hang up. */
export const MAX_TEMPLATE_LENGTH = 1_000;

/**
 * A "did you mean" compares a name with every known one, so its work is bounded: a name longer than this is
 * not a typo of a variable and gets none, only the first MAX_SUGGESTED_PLACEHOLDERS unknown placeholders of a
 * template get one, and the edit distance stops as soon as it exceeds the best found so far.
 */
export const MAX_SUGGESTED_NAME_CHARS = 64;
export const MAX_SUGGESTED_PLACEHOLDERS = 20;

export type ValidateTemplateOptions = {
  /** Keys of the imported custom columns, with or without the "custom." prefix. */
  customAttributes: readonly string[];
  maxLength?: number;
};

// Names people type from habit or from other tools, mapped to what we call them.
const ALIASES: Record<string, string> = {
  name: "fullName",
  first: "firstName",
  last: "lastName",
  surname: "lastName",
  phonenumber: "phone",
  mobile: "phone",
  date: "appointment.date",
  time: "appointment.time",
  datetime: "appointment.dateTime",
  provider: "appointment.provider",
  doctor: "appointment.provider",
  location: "appointment.location",
  appointmentdate: "appointment.date",
  appointmenttime: "appointment.time",
};

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

type KnownNames = {
  names: readonly string[];
  all: ReadonlySet<string>;
  /** Squashed name → the first known name with those letters. */
  bySquashed: ReadonlyMap<string, string>;
  /** Squashed custom key (without "custom.") → its variable. */
  byCustomKey: ReadonlyMap<string, string>;
  lowered: readonly string[];
};

function indexKnownNames(known: readonly string[]): KnownNames {
  const bySquashed = new Map<string, string>();
  const byCustomKey = new Map<string, string>();
  for (const name of known) {
    const squashed = squash(name);
    if (!bySquashed.has(squashed)) bySquashed.set(squashed, name);
    if (name.startsWith(CUSTOM_VARIABLE_PREFIX)) {
      const key = squash(name.slice(CUSTOM_VARIABLE_PREFIX.length));
      if (!byCustomKey.has(key)) byCustomKey.set(key, name);
    }
  }
  return { names: known, all: new Set(known), bySquashed, byCustomKey, lowered: known.map((name) => name.toLowerCase()) };
}

/**
 * The known name closest to an unknown one: same letters ignoring case and separators first
 * ("firstname", "first_name"), then a known alias ("name" → fullName), then the smallest edit distance
 * within a third of the name's length ("appointment.tme" → "appointment.time"). A name longer than
 * MAX_SUGGESTED_NAME_CHARS gets none.
 */
export function suggestVariable(name: string, known: readonly string[] | KnownNames): string | null {
  if (name.length > MAX_SUGGESTED_NAME_CHARS) return null;
  const index = "bySquashed" in known ? known : indexKnownNames(known);
  const squashed = squash(name);
  const sameLetters = index.bySquashed.get(squashed) ?? index.byCustomKey.get(squashed);
  if (sameLetters) return sameLetters;
  const alias = ALIASES[squashed];
  if (alias && index.all.has(alias)) return alias;
  const lowered = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(name.length / 3));
  index.lowered.forEach((candidate, i) => {
    // leven stops once the distance passes maxDistance (and at once when the lengths differ by more).
    const distance = leven(lowered, candidate, { maxDistance: bestDistance + 1 });
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = index.names[i] ?? null;
      bestDistance = distance;
    }
  });
  return best;
}

export function listKnownVariables(customAttributes: readonly string[]): string[] {
  const custom = customAttributes.map((key) =>
    key.startsWith(CUSTOM_VARIABLE_PREFIX) ? key : `${CUSTOM_VARIABLE_PREFIX}${key}`,
  );
  return [...TEMPLATE_VARIABLES.map((v) => v.name), ...custom];
}

/**
 * Parses, then checks what parsing can't: that the message is not empty, not longer than `maxLength`
 * characters of source (default MAX_TEMPLATE_LENGTH), and that every placeholder names a built-in variable or
 * one of `customAttributes`. All problems come back together so the editor can mark each one.
 */
export function validateTemplate(
  source: string,
  options: ValidateTemplateOptions,
): Result<ParsedTemplate, TemplateError[]> {
  const maxLength = options.maxLength ?? MAX_TEMPLATE_LENGTH;
  const errors: TemplateError[] = [];
  if (source.trim() === "") {
    errors.push({
      code: "template_empty",
      message: "The message is empty. Write what the contact should hear.",
      start: 0,
      end: source.length,
    });
  }
  if (source.length > maxLength) {
    errors.push({
      code: "template_too_long",
      message: `The message is ${source.length.toLocaleString("en-US")} characters long; the limit is ${maxLength.toLocaleString("en-US")}. Shorten it so the call stays brief.`,
      start: maxLength,
      end: source.length,
    });
  }
  const parsed = parseTemplate(source);
  if (!parsed.ok) return err([...errors, ...parsed.error].sort((a, b) => a.start - b.start));

  const known = listKnownVariables(options.customAttributes);
  const knownSet = new Set(known);
  let index: KnownNames | null = null;
  let suggested = 0;
  for (const part of parsed.value.parts) {
    if (part.kind !== "variable" || knownSet.has(part.name)) continue;
    let suggestion: string | null = null;
    if (suggested < MAX_SUGGESTED_PLACEHOLDERS) {
      suggested++;
      index ??= indexKnownNames(known);
      suggestion = suggestVariable(part.name, index);
    }
    const hint = suggestion ? ` Did you mean {{${suggestion}}}?` : " Pick one from the list of variables.";
    errors.push({
      code: "unknown_variable",
      message: `{{${part.name}}} is not a variable we know.${hint}`,
      start: part.start,
      end: part.end,
      ...(suggestion ? { suggestion: `{{${suggestion}}}` } : {}),
    });
  }
  return errors.length > 0 ? err(errors.sort((a, b) => a.start - b.start)) : ok(parsed.value);
}
