import { err, ok, type Result } from "@/lib/result";
import { parseTemplate, type ParsedTemplate, type TemplateError } from "./parse";
import { CUSTOM_VARIABLE_PREFIX, TEMPLATE_VARIABLES } from "./variables";

/** A voice message longer than this takes well over a minute to hear; people hang up. */
export const MAX_TEMPLATE_LENGTH = 1_000;

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

function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name closest to an unknown one: same letters ignoring case and separators first
 * ("firstname", "first_name"), then a known alias ("name" → fullName), then the smallest edit distance
 * within a third of the name's length ("appointment.tme" → "appointment.time").
 */
export function suggestVariable(name: string, known: readonly string[]): string | null {
  const squashed = squash(name);
  const sameLetters = known.find((k) => squash(k) === squashed);
  if (sameLetters) return sameLetters;
  const withoutCustom = known.find((k) => k.startsWith(CUSTOM_VARIABLE_PREFIX) && squash(k.slice(CUSTOM_VARIABLE_PREFIX.length)) === squashed);
  if (withoutCustom) return withoutCustom;
  const alias = ALIASES[squashed];
  if (alias && known.includes(alias)) return alias;
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(name.length / 3));
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
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
  for (const part of parsed.value.parts) {
    if (part.kind !== "variable" || knownSet.has(part.name)) continue;
    const suggestion = suggestVariable(part.name, known);
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
