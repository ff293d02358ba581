export type TemplateVariable = {
  /** What goes between the braces: `{{firstName}}`. */
  name: string;
  description: string;
  example: string;
};

/** Built-in variables, in the order the builder shows them as chips. */
export const TEMPLATE_VARIABLES = [
  { name: "firstName", description: "The contact's first name.", example: "Maria" },
  { name: "lastName", description: "The contact's last name.", example: "Garcia" },
  { name: "fullName", description: "First and last name together.", example: "Maria Garcia" },
  { name: "phone", description: "The contact's phone number, read digit by digit.", example: "(555) 123-4567" },
  { name: "email", description: "The contact's e-mail address.", example: "maria@example.com" },
  {
    name: "appointment.date",
    description: "Day and date of the appointment, in the contact's time zone.",
    example: "Tuesday, March 3",
  },
  { name: "appointment.time", description: "Time of the appointment, in the contact's time zone.", example: "2:30 PM" },
  {
    name: "appointment.dateTime",
    description: "Date and time of the appointment together.",
    example: "Tuesday, March 3 at 2:30 PM",
  },
  { name: "appointment.provider", description: "Who the appointment is with.", example: "Dr. Lee" },
  { name: "appointment.location", description: "Where the appointment is.", example: "Bright Smile Dental, 42 Main St." },
] as const satisfies readonly TemplateVariable[];

export type BuiltInVariableName = (typeof TEMPLATE_VARIABLES)[number]["name"];

/** Custom attributes (imported CSV columns) are addressed as `custom.<key>`. */
export const CUSTOM_VARIABLE_PREFIX = "custom.";

export const CUSTOM_VARIABLE_HELP: TemplateVariable = {
  name: "custom.<key>",
  description: "Any extra column imported with the contacts, by its key (letters, digits and underscores).",
  example: "custom.insurance_plan",
};

const BUILT_IN_NAMES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES.map((v) => v.name));

export function isBuiltInVariable(name: string): name is BuiltInVariableName {
  return BUILT_IN_NAMES.has(name);
}

/** A name is a letter or underscore, then letters, digits or underscores; at most one dot (`custom.plan`). */
export const VARIABLE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/;

const CUSTOM_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidCustomKey(key: string): boolean {
  return CUSTOM_KEY_RE.test(key);
}

/**
 * Turns a CSV column header into a custom attribute key. Headers that already are identifiers stay as they
 * are ("insurancePlan", "plan_id"); others become snake case: "Insurance Plan" → "insurance_plan",
 * "# of visits" → "of_visits", "2nd phone" → "_2nd_phone". Returns "" when nothing usable is left.
 */
export function toCustomAttributeKey(column: string): string {
  const trimmed = column.trim();
  if (CUSTOM_KEY_RE.test(trimmed)) return trimmed;
  const words = column
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  if (!words) return "";
  const key = words.join("_");
  return /^\d/.test(key) ? `_${key}` : key;
}
