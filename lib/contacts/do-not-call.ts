import Papa from "papaparse";
import type { Ctx } from "@/lib/context";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { MAX_CSV_BYTES, MAX_CSV_ROWS, type ImportIssue } from "./csv";
import { matchHeader } from "./headers";
import { contactNotFound, getContactDetail, type ContactDetail, type ContactError } from "./manage";
import { normalizePhone } from "./phone";
import { countContactsWithPhones, deleteDoNotCall, getContact, insertDoNotCall, type DoNotCallInsertRow } from "./queries";

/*
 * Do-not-call is kept per number (table do_not_call), not per contact row: a request not to be called is
 * about the number, so it holds for whoever has that number today, survives the contact's deletion, and
 * applies to a later import of a number from a do-not-call file that matched no contact yet. Campaigns
 * leave these numbers out in their one planning path (lib/campaigns), whatever chose the recipients.
 */

type Source = DoNotCallInsertRow["source"];

/** Puts a contact's number on the do-not-call list, by hand (contact page) or through the API. */
export async function optOutContact(
  ctx: Ctx,
  id: string,
  input: { reason?: string; source: Extract<Source, "manual" | "api"> },
): Promise<Result<ContactDetail, ContactError<"contact_not_found">>> {
  const contact = await getContact(ctx.db, ctx.organization.id, id);
  if (!contact) return err(contactNotFound());
  await insertDoNotCall(ctx.db, [{ organizationId: ctx.organization.id, phone: contact.phone, reason: input.reason || null, source: input.source, setByUserId: ctx.user?.id ?? null }]);
  return getContactDetail(ctx, id);
}

/** Takes a contact's number off the do-not-call list (the patient asked to be called again). */
export async function optInContact(ctx: Ctx, id: string): Promise<Result<ContactDetail, ContactError<"contact_not_found">>> {
  const contact = await getContact(ctx.db, ctx.organization.id, id);
  if (!contact) return err(contactNotFound());
  await deleteDoNotCall(ctx.db, ctx.organization.id, contact.phone);
  return getContactDetail(ctx, id);
}

export type DoNotCallReport = {
  /** Valid numbers given (after normalisation, each counted once). */
  numbers: number;
  /** Numbers newly on the list; the others were on it already. */
  added: number;
  /** Of the numbers given, how many belong to a contact today; the others are kept for later imports. */
  matchedContacts: number;
  errors: ImportIssue[];
};

/** Marks numbers as do-not-call (the API's JSON form); invalid numbers are reported by position, the rest are kept. */
export async function addDoNotCallNumbers(
  ctx: Ctx,
  input: { phones: readonly string[]; reason?: string; source?: Source },
): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  return saveNumbers(ctx, input.phones.map((raw, i) => ({ row: i + 1, raw })), input.reason ?? null, input.source ?? "api");
}

/**
 * Reads a do-not-call file: a CSV with a phone column (any header the contacts import accepts, or none: then
 * the first column) and an optional reason column. Numbers are normalised like contacts' phones, so
 * "(202) 555-0101" matches the contact stored as +12025550101.
 */
export async function importDoNotCallCsv(ctx: Ctx, input: { csv: string | Buffer; reason?: string }): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  const bytes = typeof input.csv === "string" ? Buffer.byteLength(input.csv) : input.csv.byteLength;
  if (bytes > MAX_CSV_BYTES) return err(appError("csv_invalid", "The file is larger than 5 MB; split it into smaller files."));
  const text = (typeof input.csv === "string" ? input.csv : input.csv.toString("utf8")).replace(/^\uFEFF/, "");
  const records = Papa.parse<string[]>(text, { header: false, skipEmptyLines: "greedy" }).data;
  if (records.length === 0) return err(appError("csv_invalid", "The file is empty. Give one phone number per line."));
  const header = records[0]!;
  const phoneColumn = header.findIndex((h) => matchHeader(h) === "phone");
  const reasonColumn = header.findIndex((h) => /^\s*(reason|note|notes|comment)\s*$/i.test(h));
  const hasHeader = phoneColumn !== -1 || normalizePhone(header[0] ?? "") === null;
  const column = phoneColumn === -1 ? 0 : phoneColumn;
  const first = hasHeader ? 1 : 0;
  if (records.length - first > MAX_CSV_ROWS) return err(appError("csv_invalid", `The file has more than ${MAX_CSV_ROWS.toLocaleString("en-US")} numbers; split it into smaller files.`));
  const entries = records.slice(first).map((cells, i) => ({
    row: first + i + 1,
    raw: cells[column] ?? "",
    reason: reasonColumn === -1 ? undefined : cells[reasonColumn]?.trim().slice(0, 500) || undefined,
  }));
  return saveNumbers(ctx, entries, input.reason ?? null, "file");
}

async function saveNumbers(
  ctx: Ctx,
  entries: { row: number; raw: string; reason?: string }[],
  reason: string | null,
  source: Source,
): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  const errors: ImportIssue[] = [];
  const byPhone = new Map<string, DoNotCallInsertRow>();
  for (const entry of entries) {
    const phone = normalizePhone(entry.raw);
    if (!phone) {
      errors.push({ row: entry.row, message: `Row ${entry.row}: '${entry.raw.trim().slice(0, 40)}' is not a phone number we can read; it was skipped.` });
      continue;
    }
    byPhone.set(phone, { organizationId: ctx.organization.id, phone, reason: entry.reason ?? reason, source, setByUserId: ctx.user?.id ?? null });
  }
  if (byPhone.size === 0) {
    return err(appError("csv_invalid", `None of the ${entries.length} numbers could be read. ${errors.slice(0, 3).map((e) => e.message).join(" ")}`, { errors }));
  }
  const rows = [...byPhone.values()];
  const added = await insertDoNotCall(ctx.db, rows);
  const matchedContacts = await countContactsWithPhones(ctx.db, ctx.organization.id, [...byPhone.keys()]);
  return ok({ numbers: rows.length, added, matchedContacts, errors });
}
