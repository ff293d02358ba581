import Papa from "papaparse";
import type { Ctx } from "@/lib/context";
import { SPREADSHEET_FORMULA_START } from "@/lib/format";
import { streamText } from "@/lib/text-stream";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { canonicalTimeZone } from "@/lib/values/datetime";
import { toContactFilter } from "./filter";
import { normalizePhone } from "@/lib/values/phone";
import {
  deleteContactRows,
  getContact,
  getDoNotCall,
  getNextAppointments,
  listAppointmentsOfContact,
  listAttributeKeysForContacts,
  listContactsPage,
  listListsOfContact,
  updateContactRow,
  type AppointmentRow,
  type ContactDetailRow,
  type ContactFilter,
  type OptOutRow,
} from "./queries";
import type { ContactFilterInput, ContactSort, UpdateContactInput } from "./schemas";

export type ContactError<C extends string> = AppError<C>;

export const contactNotFound = (): ContactError<"contact_not_found"> => appError("contact_not_found", "This contact does not exist or was deleted.");

export type ContactDetail = {
  contact: ContactDetailRow;
  /** Set while the contact's number is on the do-not-call list: when, why and who. */
  optOut: OptOutRow | null;
  appointments: { past: AppointmentRow[]; upcoming: AppointmentRow[] };
  lists: { id: string; name: string }[];
};

/** One contact with its appointments (past and upcoming), do-not-call state and lists (lib/campaigns lists the campaigns that reached it). */
export async function getContactDetail(ctx: Ctx, id: string): Promise<Result<ContactDetail, ContactError<"contact_not_found">>> {
  const contact = await getContact(ctx.db, ctx.organization.id, id);
  if (!contact) return err(contactNotFound());
  const [optOut, appointments, lists] = await Promise.all([
    getDoNotCall(ctx.db, ctx.organization.id, contact.phone),
    listAppointmentsOfContact(ctx.db, id),
    listListsOfContact(ctx.db, id),
  ]);
  const now = Date.now();
  return ok({
    contact,
    optOut,
    appointments: {
      past: appointments.filter((a) => a.startsAt.getTime() < now).reverse(),
      upcoming: appointments.filter((a) => a.startsAt.getTime() >= now),
    },
    lists,
  });
}

type UpdateError = "contact_not_found" | "phone_invalid" | "timezone_invalid";

/**
 * Edits a contact. The phone is normalised to E.164 as an import would; a number that cannot be called is
 * refused and nothing is changed. Several contacts may share a number (a family).
 */
export async function updateContact(ctx: Ctx, id: string, input: UpdateContactInput): Promise<Result<ContactDetail, ContactError<UpdateError>>> {
  const current = await getContact(ctx.db, ctx.organization.id, id);
  if (!current) return err(contactNotFound());
  let phone: string | undefined;
  if (input.phone !== undefined) {
    const normalized = normalizePhone(input.phone);
    if (!normalized) return err(appError("phone_invalid", `'${input.phone.slice(0, 40)}' is not a phone number we can call; write it with its area code, or with + and the country code.`));
    phone = normalized;
  }
  let timezone: string | null | undefined = input.timezone;
  if (typeof input.timezone === "string") {
    timezone = canonicalTimeZone(input.timezone);
    if (!timezone) return err(appError("timezone_invalid", `'${input.timezone.slice(0, 40)}' is not a time zone we recognise; use a name like America/Chicago.`));
  }
  const updated = await updateContactRow(ctx.db, ctx.organization.id, id, {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    phone,
    timezone,
  });
  if (!updated) return err(contactNotFound());
  return getContactDetail(ctx, id);
}

/**
 * Deletes contacts of the organisation (ids of other organisations are skipped). What goes with them: their
 * appointments, list memberships and their rows in campaigns' recipient lists (drafts and past campaigns
 * alike). What stays: audio, which is content-addressed and shared by every message that says the same
 * sentence, and the do-not-call list, so a deleted contact who asked not to be called is not called after
 * a re-import.
 */
export async function deleteContacts(ctx: Ctx, ids: readonly string[]): Promise<Result<{ deleted: number }, never>> {
  return ok({ deleted: await deleteContactRows(ctx.db, ctx.organization.id, ids) });
}

export async function deleteContact(ctx: Ctx, id: string): Promise<Result<{ deleted: number }, ContactError<"contact_not_found">>> {
  const deleted = await deleteContactRows(ctx.db, ctx.organization.id, [id]);
  return deleted === 0 ? err(contactNotFound()) : ok({ deleted });
}

const EXPORT_PAGE = 5_000;

const EXPORT_FIELDS = ["id", "first_name", "last_name", "phone", "email", "timezone", "do_not_call", "next_appointment", "provider", "location"] as const;

/**
 * The contacts the page shows (same search, list and window), every one, as CSV a re-import reads back.
 * The file is streamed `pageSize` contacts at a time, each page read from the database as the client reads.
 */
export async function exportContactsCsv(
  ctx: Ctx,
  input: Omit<ContactFilterInput, "sort"> & { sort?: ContactFilterInput["sort"] },
  options: { pageSize?: number } = {},
): Promise<{ body: ReadableStream<Uint8Array>; fileName: string }> {
  const filter = { ...toContactFilter(ctx, input), sort: input.sort };
  const attributeKeys = await listAttributeKeysForContacts(ctx.db, ctx.organization.id, filter);
  return { body: streamText(contactCsvPieces(ctx, filter, attributeKeys, options.pageSize ?? EXPORT_PAGE)), fileName: `contacts-${new Date().toISOString().slice(0, 10)}.csv` };
}

async function* contactCsvPieces(ctx: Ctx, filter: ContactFilter & { sort?: ContactSort }, attributeKeys: readonly string[], pageSize: number): AsyncGenerator<string> {
  const unparse = (data: string[][]) => Papa.unparse(data, { escapeFormulae: SPREADSHEET_FORMULA_START });
  yield unparse([[...EXPORT_FIELDS, ...attributeKeys]]);
  for (let offset = 0; ; offset += pageSize) {
    const page = await listContactsPage(ctx.db, ctx.organization.id, { ...filter, limit: pageSize, offset });
    if (page.length === 0) return;
    const next = await getNextAppointments(ctx.db, page.map((c) => c.id));
    const rows = page.map((c) => {
      const appointment = next.get(c.id);
      return [
        c.externalId ?? "",
        c.firstName ?? "",
        c.lastName ?? "",
        c.phone,
        c.email ?? "",
        c.timezone ?? "",
        c.optedOut ? "yes" : "",
        appointment ? appointment.startsAt.toISOString() : "",
        appointment?.provider ?? "",
        appointment?.location ?? "",
        ...attributeKeys.map((key) => (Object.hasOwn(c.attributes, key) ? (c.attributes[key] ?? "") : "")),
      ];
    });
    yield `\r\n${unparse(rows)}`;
    if (page.length < pageSize) return;
  }
}
