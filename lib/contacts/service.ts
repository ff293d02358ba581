import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import type { AppointmentWindow } from "./appointment-window";
import { toContactFilter } from "./filter";
import { parseContactsCsv, type ImportIssue, type ImportWarning, type ParsedContact } from "./csv";
import { ensureList } from "./lists";
import {
  countContactsForOrganization,
  deleteUpcomingAppointmentsNotIn,
  getNextAppointments,
  insertContactImport,
  insertDoNotCall,
  insertDoNotCallBatch,
  setDoNotCallBatchAdded,
  insertListMembers,
  listAttributeKeysForOrganization,
  listContactIdsForOrganization,
  listContactsMatchingImport,
  listContactsPage,
  lockContactImportsForOrganization,
  upsertAppointments,
  upsertContacts,
  type AppointmentUpsertRow,
  type ContactUpsertRow,
  type ContactPageRow,
  type ExistingContactRow,
  type NextAppointment,
} from "./queries";
import type { ContactSort, ListContactsInput } from "./schemas";

export type ImportReport = {
  importId: string;
  /** Non-blank data rows in the file. */
  rowsTotal: number;
  /** Contacts created and updated; rows merged into an earlier row of the same file count once. */
  created: number;
  updated: number;
  /** Rows not imported, each explained in `errors`. */
  failed: number;
  errors: ImportIssue[];
  warnings: ImportWarning[];
  customAttributes: string[];
  /**
   * Saved contacts whose upcoming appointment the file moved or cancelled: campaigns that already rendered
   * their old time may now be out of date.
   */
  rescheduledContactIds: string[];
  /** The list the imported contacts joined, when the import named one. */
  list: { id: string; name: string; added: number } | null;
  /** Contacts whose opt-out column said yes: their numbers are now on the do-not-call list. */
  optedOut: number;
};

export type ContactDto = ContactPageRow & { nextAppointment: NextAppointment | null };

/**
 * Imports a contacts CSV into the context's organisation.
 *
 * Policy: good rows are imported and bad rows reported (spreadsheet row number, column, plain message),
 * all inside ONE transaction, so a crash or database error part-way leaves nothing half-written. Rows with
 * the same phone or external id are merged into one contact (later values win, every distinct appointment
 * is kept) with a warning. Existing contacts are matched on external id first, then on phone, and updated:
 * empty cells keep the stored value, attributes are merged key by key, appointments are upserted on
 * (contact, start), and a contact's upcoming appointments the file no longer lists are deleted (the file
 * gives their schedule as it is now: a moved appointment is not said at its old time). A row whose phone belongs to a different saved contact than its id points to is an error.
 * An empty file, a header-only file, a file without a phone column, one over MAX_CSV_BYTES / MAX_CSV_ROWS, or
 * one with no importable row returns `csv_invalid` and writes nothing; any other import is recorded in
 * `contact_imports`. Imports of one organisation run one at a time (advisory lock).
 */
export async function importContactsCsv(
  ctx: Ctx,
  input: { csv: string | Buffer; fileName?: string; listName?: string },
): Promise<Result<ImportReport, AppError<"csv_invalid">>> {
  const now = new Date();
  const parsed = parseContactsCsv(input.csv, { defaultTimezone: ctx.organization.timezone, phoneCountry: ctx.organization.phoneCountry, now });
  if (!parsed.ok) return parsed;
  const { contacts, rowsTotal, customAttributes } = parsed.value;
  const organizationId = ctx.organization.id;

  return ctx.db.transaction(async (tx) => {
    await lockContactImportsForOrganization(tx, organizationId);
    const existing = await listContactsMatchingImport(tx, organizationId, {
      externalIds: contacts.flatMap((c) => (c.externalId === null ? [] : [c.externalId])),
      phones: contacts.map((c) => c.phone),
    });
    const plan = planUpserts(organizationId, contacts, existing);
    const errors = [...parsed.value.errors, ...plan.errors].sort((a, b) => a.row - b.row);
    const warnings = [...parsed.value.warnings, ...plan.warnings].sort((a, b) => a.row - b.row);
    const failed = parsed.value.rowsFailed + plan.rowsFailed;
    if (plan.contacts.length === 0) {
      return err(appError("csv_invalid", `None of the ${rowsTotal} rows could be imported. ${errors.slice(0, 5).map((e) => e.message).join(" ")}`, { errors }));
    }

    await upsertContacts(tx, plan.contacts);
    await upsertAppointments(tx, plan.appointments);
    // Only contacts saved before this import can have appointments the file no longer lists.
    const rescheduledContactIds = await deleteUpcomingAppointmentsNotIn(tx, plan.appointments.filter((a) => plan.updatedIds.has(a.contactId)), now);
    // A "no" in the opt-out column never clears an opt-out: only a person (contact page or API) does.
    // The column's opt-outs are one batch, so a file whose column meant something else can be undone in one step.
    if (plan.optOutPhones.length > 0) {
      const phones = [...new Set(plan.optOutPhones)];
      const batchId = await insertDoNotCallBatch(tx, { organizationId, source: "import", fileName: sanitizeFileName(input.fileName), numbers: phones.length, createdByUserId: ctx.user?.id ?? null });
      const optOuts = phones.map((phone) => ({ organizationId, phone, reason: "Opt-out column of an import", source: "import" as const, setByUserId: ctx.user?.id ?? null, batchId }));
      await setDoNotCallBatchAdded(tx, batchId, await insertDoNotCall(tx, optOuts));
    }
    let list: ImportReport["list"] = null;
    if (input.listName) {
      const target = await ensureList(tx, organizationId, input.listName);
      list = { ...target, added: await insertListMembers(tx, organizationId, target.id, plan.contacts.map((c) => c.id)) };
    }
    const record = await insertContactImport(tx, {
      organizationId,
      fileName: sanitizeFileName(input.fileName),
      rowsTotal,
      rowsCreated: plan.created,
      rowsUpdated: plan.updated,
      rowsFailed: failed,
      errors,
    });
    return ok({
      importId: record.id,
      rowsTotal,
      created: plan.created,
      updated: plan.updated,
      failed,
      errors,
      warnings,
      customAttributes,
      rescheduledContactIds,
      list,
      optedOut: plan.optOutPhones.length,
    });
  });
}

type UpsertPlan = {
  contacts: ContactUpsertRow[];
  /** Saved contacts this import updates. */
  updatedIds: Set<string>;
  appointments: AppointmentUpsertRow[];
  created: number;
  updated: number;
  rowsFailed: number;
  errors: ImportIssue[];
  warnings: ImportWarning[];
  optOutPhones: string[];
};

/**
 * Decides, before writing, which saved contact each file contact updates. Resolving in memory means every
 * unique-index conflict becomes a row error here instead of a failed statement that would abort the import.
 */
function planUpserts(organizationId: string, parsed: ParsedContact[], existing: ExistingContactRow[]): UpsertPlan {
  const byExternalId = new Map(existing.flatMap((c) => (c.externalId === null ? [] : [[c.externalId, c] as const])));
  const byPhone = new Map(existing.map((c) => [c.phone, c] as const));
  const claimedBy = new Map<string, number>();
  const plan: UpsertPlan = { contacts: [], updatedIds: new Set(), appointments: [], created: 0, updated: 0, rowsFailed: 0, errors: [], warnings: [], optOutPhones: [] };

  for (const contact of parsed) {
    const matchedById = contact.externalId === null ? undefined : byExternalId.get(contact.externalId);
    const phoneHolder = byPhone.get(contact.phone);
    const target = matchedById ?? phoneHolder;
    if (matchedById && phoneHolder && phoneHolder.id !== matchedById.id) {
      plan.rowsFailed += contact.rows.length;
      plan.errors.push({
        row: contact.row,
        column: "phone",
        message: `Row ${contact.row}: phone ${contact.phone} already belongs to another contact (${describe(phoneHolder)}); change one of the two phone numbers and import again.`,
      });
      continue;
    }
    const earlierRow = target ? claimedBy.get(target.id) : undefined;
    if (target && earlierRow !== undefined) {
      plan.rowsFailed += contact.rows.length;
      plan.errors.push({
        row: contact.row,
        message: `Row ${contact.row}: matches the same saved contact (${describe(target)}) as row ${earlierRow}; keep one of the two rows and import again.`,
      });
      continue;
    }
    if (target && !matchedById && contact.externalId !== null && target.externalId !== null && target.externalId !== contact.externalId) {
      plan.warnings.push({
        row: contact.row,
        message: `Row ${contact.row}: phone ${contact.phone} belonged to the contact with ID '${target.externalId}'; that contact now has ID '${contact.externalId}'.`,
      });
    }

    const id = target?.id ?? randomUUID();
    if (target) {
      claimedBy.set(target.id, contact.row);
      plan.updatedIds.add(target.id);
      plan.updated++;
    } else {
      plan.created++;
    }
    plan.contacts.push({
      id,
      organizationId,
      externalId: contact.externalId,
      firstName: contact.firstName,
      lastName: contact.lastName,
      phone: contact.phone,
      email: contact.email,
      timezone: contact.timezone,
      attributes: contact.attributes,
    });
    for (const appointment of contact.appointments) plan.appointments.push({ contactId: id, ...appointment });
    if (contact.optOut) plan.optOutPhones.push(contact.phone);
  }
  return plan;
}

function describe(contact: ExistingContactRow): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  const parts = [name || contact.phone, contact.externalId === null ? null : `ID ${contact.externalId}`].filter(Boolean);
  return parts.join(", ");
}

/** A page of the organisation's contacts with each one's next appointment (three queries whatever the page size). */
export async function listContacts(ctx: Ctx, input: Omit<ListContactsInput, "sort"> & { sort?: ContactSort }): Promise<{ items: ContactDto[]; total: number }> {
  const [rows, total] = await Promise.all([
    listContactsPage(ctx.db, ctx.organization.id, { limit: input.limit, offset: input.offset, sort: input.sort, ...toContactFilter(ctx, input) }),
    countContactsForOrganization(ctx.db, ctx.organization.id, toContactFilter(ctx, input)),
  ]);
  const next = await getNextAppointments(ctx.db, rows.map((row) => row.id));
  return { items: rows.map((row) => ({ ...row, nextAppointment: next.get(row.id) ?? null })), total };
}

export function getContactIdsForOrganization(ctx: Ctx): Promise<string[]> {
  return listContactIdsForOrganization(ctx.db, ctx.organization.id);
}

/** Distinct custom attribute keys across the organisation's contacts, sorted. */
export function listCustomAttributeKeys(ctx: Ctx): Promise<string[]> {
  return listAttributeKeysForOrganization(ctx.db, ctx.organization.id);
}

/** The organisation's contacts, or only those with an appointment in the window (resolved as of `now`). */
export function countContacts(ctx: Ctx, filter: { appointments?: AppointmentWindow } = {}, now = new Date()): Promise<number> {
  return countContactsForOrganization(ctx.db, ctx.organization.id, toContactFilter(ctx, filter, now));
}



function sanitizeFileName(fileName: string | undefined): string | null {
  // Browsers report whatever the user's file system allows; Postgres text cannot hold NUL.
  const cleaned = fileName?.replace(/\u0000/g, "").trim().slice(0, 255);
  return cleaned ? cleaned : null;
}
