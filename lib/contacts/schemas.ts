import { z } from "zod";

/** What a contact says about a person, as templates use it. */
export type ContactFields = {
  firstName: string | null;
  lastName: string | null;
  phone: string;
  email: string | null;
  timezone: string | null;
  attributes: Record<string, string>;
};

/** The furthest ahead "contacts with an appointment in the next N days" can look. */
export const MAX_UPCOMING_DAYS = 365;

export const listContactsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  search: z.string().trim().max(200).optional(),
  /** Only contacts with an appointment starting between now and this many days from now. */
  upcomingWithinDays: z.coerce.number().int().min(1).max(MAX_UPCOMING_DAYS).optional(),
});
export type ListContactsInput = z.infer<typeof listContactsSchema>;

/** The form fields that come with an uploaded CSV; the file's bytes are read separately. */
export const importContactsCsvSchema = z.object({
  fileName: z.string().trim().max(255).optional(),
});
export type ImportContactsCsvFields = z.infer<typeof importContactsCsvSchema>;

export const contactIdsSchema = z.array(z.uuid()).max(100_000);
