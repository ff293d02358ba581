import { z } from "zod";
import { appointmentWindowParamSchema, MAX_WINDOW_DAYS } from "./appointment-window";
import { COLUMN_ROLES, PHONE_FIELDS } from "./headers";

/** What a contact says about a person, as templates use it. */
export type ContactFields = {
  firstName: string | null;
  lastName: string | null;
  phone: string;
  email: string | null;
  timezone: string | null;
  attributes: Record<string, string>;
};

export const MAX_LIST_NAME_CHARS = 120;
export const listNameSchema = z.string().trim().min(1, "Give the list a name").max(MAX_LIST_NAME_CHARS, `Keep the name under ${MAX_LIST_NAME_CHARS} characters`);

/** The furthest ahead "contacts with an appointment in the next N days" can look. */
export const MAX_UPCOMING_DAYS = MAX_WINDOW_DAYS;

/** Orders of the contacts page; each one is served by an index, so a deep page costs no sort. */
export const CONTACT_SORTS = ["name", "-name", "created", "-created"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** What narrows the contacts page (and its export). */
export const contactFilterSchema = z.object({
  search: z.string().trim().max(200).optional(),
  /** Only contacts with an appointment in this window of calendar days (organisation's time zone). */
  appointments: appointmentWindowParamSchema.optional(),
  /** The older form of `appointments=next:N`: from now through the end of the day N days from today. */
  upcomingWithinDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_UPCOMING_DAYS)
    .optional()
    .meta({ deprecated: true, description: "Same as appointments=next:N (calendar days in the organisation's time zone, from now through the end of the day N days from today). Ignored when `appointments` is given." }),
  /** Only the members of this list. */
  listId: z.uuid().optional(),
  sort: z.enum(CONTACT_SORTS).default("name"),
});
export type ContactFilterInput = z.infer<typeof contactFilterSchema>;

export const listContactsSchema = contactFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListContactsInput = z.infer<typeof listContactsSchema>;

/**
 * A column mapping: the role of each header (by its text as in the file), and optionally the order in
 * which the phone columns are tried. Headers it does not name keep the product's guess.
 */
export const importMappingSchema = z
  .object({
    columns: z.record(z.string().max(500), z.enum(COLUMN_ROLES)),
    phoneOrder: z.array(z.enum(PHONE_FIELDS)).max(PHONE_FIELDS.length).optional(),
  })
  .meta({ description: "Role per header: firstName, lastName, fullName (\"Last, First\" too), phone (mobile), homePhone, workPhone, email, appointmentDate, appointmentTime, appointmentDateTime, provider, location, status, externalId, language, timezone, optOut, custom or ignore." });

/** The mapping as a form field or query parameter carries it: JSON text. */
export const importMappingParamSchema = z
  .string()
  .max(200_000)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "The mapping is not valid JSON." });
      return z.NEVER;
    }
  })
  .pipe(importMappingSchema);

/** The form fields that come with an uploaded CSV; the file's bytes are read separately. */
export const importContactsCsvSchema = z.object({
  /** JSON: `{"columns": {"Wireless Phone": "phone", …}, "phoneOrder": ["phone", "homePhone", "workPhone"]}`; remembered for the next file with these headers. */
  mapping: importMappingParamSchema.optional(),
  fileName: z.string().trim().max(255).optional(),
  /** Every imported contact joins this list, created when the organisation has none of that name. */
  listName: listNameSchema.optional().or(z.literal("").transform(() => undefined)),
});
export type ImportContactsCsvFields = z.infer<typeof importContactsCsvSchema>;

export const contactIdsSchema = z.array(z.uuid()).max(100_000);

export const contactIdSchema = z.object({ id: z.uuid() });

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** A change to one contact; absent fields stay as they are, an empty string clears a field. */
export const updateContactSchema = z.object({
  firstName: optionalText(200),
  lastName: optionalText(200),
  /** Re-normalised to E.164 by the use-case; refused when it is not a callable number. */
  phone: z.string().trim().min(1, "Enter a phone number").max(64).optional(),
  email: optionalText(320).refine((v) => v == null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter an email address like name@example.com"),
  timezone: optionalText(64),
});
export type UpdateContactInput = z.infer<typeof updateContactSchema>;

export const deleteContactsSchema = z.object({ ids: z.array(z.uuid()).min(1, "Pick at least one contact").max(10_000) });

export const optOutSchema = z.object({ reason: z.string().trim().max(500).optional() });
export type OptOutInput = z.infer<typeof optOutSchema>;

/** Numbers to mark as do-not-call, as the API sends them (a file goes through the CSV import). */
export const doNotCallNumbersSchema = z.object({
  phones: z.array(z.string().max(64)).min(1).max(50_000),
  reason: z.string().trim().max(500).optional(),
});
export type DoNotCallNumbersInput = z.infer<typeof doNotCallNumbersSchema>;

export const listIdSchema = z.object({ id: z.uuid() });
export const createListSchema = z.object({ name: listNameSchema });
export const renameListSchema = z.object({ name: listNameSchema });
export const listMembersSchema = z.object({ contactIds: z.array(z.uuid()).min(1, "Pick at least one contact").max(100_000) });

export const doNotCallBatchIdSchema = z.object({ id: z.uuid() });
