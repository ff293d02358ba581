import Papa from "papaparse";
import type { Ctx } from "@/lib/context";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import { MAX_CSV_BYTES, MAX_CSV_ROWS, type ImportIssue } from "./csv";
import { matchHeader } from "./headers";
import { contactNotFound, getContactDetail, type ContactDetail, type ContactError } from "./manage";
import { normalizePhone } from "@/lib/values/phone";
import type { DbOrTx } from "@/lib/db";
import {
  claimDoNotCall,
  listDoNotCallPhones,
  setNextAppointmentAnswer,
  countContactsWithPhones,
  countDoNotCallPhones,
  deleteDoNotCall,
  getContact,
  insertDoNotCall,
  insertDoNotCallBatch,
  listDoNotCallBatchRows,
  setDoNotCallBatchAdded,
  undoDoNotCallBatchRows,
  type DoNotCallBatchRow,
  type DoNotCallInsertRow,
} from "./queries";

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
  // The number's own opt-out: no batch undo ever lifts it, even if a file had added the number before.
  await claimDoNotCall(ctx.db, { organizationId: ctx.organization.id, phone: contact.phone, reason: input.reason || null, source: input.source, setByUserId: ctx.user?.id ?? null });
  return getContactDetail(ctx, id);
}

/** Puts a number on the do-not-call list because the patient pressed 9 on a reminder call: it holds at once. */
export async function optOutPhoneByCall(db: DbOrTx, organizationId: string, phone: string): Promise<void> {
  await claimDoNotCall(db, { organizationId, phone, reason: "Pressed 9 on a reminder call", source: "call", setByUserId: null });
}

/** Which of these numbers may not be called. */
export function findDoNotCallPhones(db: DbOrTx, organizationId: string, phones: readonly string[]): Promise<Set<string>> {
  return listDoNotCallPhones(db, organizationId, phones);
}

/** Records the patient's answer by key on the contact's next appointment; its id, or null when there is none. */
export function recordAppointmentAnswer(db: DbOrTx, contactId: string, answer: "confirmed" | "cancel_requested", now: Date): Promise<string | null> {
  return setNextAppointmentAnswer(db, contactId, answer, new Date(now.getTime() - 12 * 60 * 60 * 1000), now);
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
  /** The bulk opt-out these numbers were saved as: undoing it takes off exactly the numbers it added. */
  batch: DoNotCallBatchDto;
};

/** What a do-not-call file would do, before anything is saved. */
export type DoNotCallPreview = {
  /** Valid numbers in the file, each counted once. */
  numbers: number;
  /** Numbers that would be opted out now (the others are on the list already). */
  newOptOuts: number;
  alreadyOptedOut: number;
  /** Of the numbers, how many belong to a contact today. */
  matchedContacts: number;
  errors: ImportIssue[];
  /** Set when the file looks like a contact or appointment export rather than a list of numbers not to call. */
  warning: string | null;
};

export type DoNotCallBatchDto = {
  id: string;
  source: DoNotCallBatchRow["source"];
  fileName: string | null;
  numbers: number;
  added: number;
  createdAt: string;
  undoneAt: string | null;
  removed: number | null;
};

const toBatchDto = (row: DoNotCallBatchRow): DoNotCallBatchDto => ({
  id: row.id,
  source: row.source,
  fileName: row.fileName,
  numbers: row.numbers,
  added: row.added,
  createdAt: row.createdAt.toISOString(),
  undoneAt: row.undoneAt?.toISOString() ?? null,
  removed: row.removed,
});

/** Marks numbers as do-not-call (the API's JSON form), as one batch that can be undone; invalid numbers are reported by position, the rest are kept. */
export async function addDoNotCallNumbers(ctx: Ctx, input: { phones: readonly string[]; reason?: string }): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  return saveNumbers(ctx, input.phones.map((raw, i) => ({ row: i + 1, raw })), input.reason ?? null, "api");
}

type DoNotCallEntry = { row: number; raw: string; reason?: string };

/** Columns a contact or appointment export has and a list of numbers not to call does not. */
const EXPORT_FIELDS = new Set(["firstName", "lastName", "fullName", "email", "appointmentDate", "appointmentTime", "appointmentDateTime", "provider", "location", "externalId"]);

/**
 * Reads a do-not-call file: a CSV with a phone column (any header the contacts import accepts, or none: then
 * the first column) and an optional reason column. Also names the columns that make it look like a contact
 * or appointment export.
 */
function readDoNotCallFile(csv: string | Buffer): Result<{ entries: DoNotCallEntry[]; exportColumns: string[] }, AppError<"csv_invalid">> {
  const bytes = typeof csv === "string" ? Buffer.byteLength(csv) : csv.byteLength;
  if (bytes > MAX_CSV_BYTES) return err(appError("csv_invalid", "The file is larger than 5 MB; split it into smaller files."));
  const text = (typeof csv === "string" ? csv : csv.toString("utf8")).replace(/^\uFEFF/, "");
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
  const exportColumns = hasHeader ? header.filter((h) => EXPORT_FIELDS.has(matchHeader(h) ?? "")).map((h) => h.trim().slice(0, 40)) : [];
  return ok({ entries, exportColumns });
}

/** Reads a do-not-call file and saves its numbers as one batch that can be undone. */
export async function importDoNotCallCsv(
  ctx: Ctx,
  input: { csv: string | Buffer; reason?: string; fileName?: string },
): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  const file = readDoNotCallFile(input.csv);
  if (!file.ok) return file;
  return saveNumbers(ctx, file.value.entries, input.reason ?? null, "file", input.fileName?.replace(/\u0000/g, "").trim().slice(0, 255) || null);
}

/** What the file would do (how many numbers would be opted out, and whether it looks like an export), saving nothing. */
export async function previewDoNotCallCsv(ctx: Ctx, input: { csv: string | Buffer }): Promise<Result<DoNotCallPreview, AppError<"csv_invalid">>> {
  const file = readDoNotCallFile(input.csv);
  if (!file.ok) return file;
  const { phones, errors } = readNumbers(file.value.entries);
  if (phones.size === 0) return err(noNumbers(file.value.entries.length, errors));
  const list = [...phones.keys()];
  const [alreadyOptedOut, matchedContacts] = await Promise.all([countDoNotCallPhones(ctx.db, ctx.organization.id, list), countContactsWithPhones(ctx.db, ctx.organization.id, list)]);
  const columns = file.value.exportColumns;
  const warning =
    columns.length > 0
      ? `This file looks like a contact or appointment export (it has the column${columns.length === 1 ? "" : "s"} ${columns.map((c) => `"${c}"`).join(", ")}): every number in it would be opted out. To add or update contacts, use Import contacts instead.`
      : null;
  return ok({ numbers: list.length, newOptOuts: list.length - alreadyOptedOut, alreadyOptedOut, matchedContacts, errors, warning });
}

function readNumbers(entries: DoNotCallEntry[]): { phones: Map<string, string | undefined>; errors: ImportIssue[] } {
  const errors: ImportIssue[] = [];
  const phones = new Map<string, string | undefined>();
  for (const entry of entries) {
    const phone = normalizePhone(entry.raw);
    if (!phone) {
      errors.push({ row: entry.row, message: `Row ${entry.row}: '${entry.raw.trim().slice(0, 40)}' is not a phone number we can read; it was skipped.` });
      continue;
    }
    phones.set(phone, entry.reason);
  }
  return { phones, errors };
}

const noNumbers = (given: number, errors: ImportIssue[]) =>
  appError("csv_invalid", `None of the ${given} numbers could be read. ${errors.slice(0, 3).map((e) => e.message).join(" ")}`, { errors });

async function saveNumbers(
  ctx: Ctx,
  entries: DoNotCallEntry[],
  reason: string | null,
  source: Extract<Source, "file" | "api">,
  fileName: string | null = null,
): Promise<Result<DoNotCallReport, AppError<"csv_invalid">>> {
  const { phones, errors } = readNumbers(entries);
  if (phones.size === 0) return err(noNumbers(entries.length, errors));
  const organizationId = ctx.organization.id;
  const userId = ctx.user?.id ?? null;
  const { added, batchId } = await ctx.db.transaction(async (tx) => {
    const batchId = await insertDoNotCallBatch(tx, { organizationId, source, fileName, numbers: phones.size, createdByUserId: userId });
    const rows = [...phones].map(([phone, own]): DoNotCallInsertRow => ({ organizationId, phone, reason: own ?? reason, source, setByUserId: userId, batchId }));
    const added = await insertDoNotCall(tx, rows);
    await setDoNotCallBatchAdded(tx, batchId, added);
    return { added, batchId };
  });
  const matchedContacts = await countContactsWithPhones(ctx.db, organizationId, [...phones.keys()]);
  const [batch] = (await listDoNotCallBatchRows(ctx.db, organizationId, 50)).filter((b) => b.id === batchId);
  return ok({ numbers: phones.size, added, matchedContacts, errors, batch: toBatchDto(batch!) });
}

/** The organisation's latest bulk opt-outs (files, API lists, imports' opt-out columns), newest first. */
export async function listDoNotCallBatches(ctx: Ctx, limit = 20): Promise<DoNotCallBatchDto[]> {
  return (await listDoNotCallBatchRows(ctx.db, ctx.organization.id, limit)).map(toBatchDto);
}

/**
 * Undoes a bulk opt-out in one step: the numbers it added leave the list. A number's own opt-out (by hand or
 * for one contact through the API), before or after the batch, stays. Undoing twice removes nothing more.
 */
export async function undoDoNotCallBatch(ctx: Ctx, id: string): Promise<Result<DoNotCallBatchDto, AppError<"do_not_call_batch_not_found">>> {
  const row = await undoDoNotCallBatchRows(ctx.db, ctx.organization.id, id, ctx.user?.id ?? null);
  return row ? ok(toBatchDto(row)) : err(appError("do_not_call_batch_not_found", "This opt-out batch does not exist."));
}
