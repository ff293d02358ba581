import { z } from "zod";

export const listContactsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  search: z.string().trim().max(200).optional(),
});
export type ListContactsInput = z.infer<typeof listContactsSchema>;

/** The form fields that come with an uploaded CSV; the file's bytes are read separately. */
export const importContactsCsvSchema = z.object({
  fileName: z.string().trim().max(255).optional(),
});
export type ImportContactsCsvFields = z.infer<typeof importContactsCsvSchema>;

export const contactIdsSchema = z.array(z.uuid()).max(100_000);
