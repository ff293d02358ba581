import { createHash, randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import type { AppointmentWindow } from "./appointment-window";
import { MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION, MAX_ATTRIBUTES_PER_CONTACT, nameKey, parseContactsCsv, readCsvHead, type ImportIssue, type ImportWarning, type ParsedContact } from "./csv";
import { COLUMN_ROLES, guessColumns, PHONE_FIELDS, squashHeader, type ColumnRole, type ColumnsGuess, type GivenMapping, type PhoneField } from "./headers";
import { zonedWallTimeToDate } from "@/lib/values/datetime";
import { toContactFilter } from "./filter";
import { canEnsureList, ensureList, tooManyLists } from "./lists";
import {
  countContactsForOrganization,
  deleteUpcomingAppointmentsNotIn,
  getImportMapping,
  getNextAppointments,
  insertContactImport,
  saveImportMapping,
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
  type ImportChange,
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
  /** Every saved contact's name or time zone this import changed, row by row. */
  changes: ImportChange[];
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
  /** How the file's columns were read (a given, remembered or known mapping, or the guess). */
  mapping: { source: ColumnsGuess["source"]; system: ColumnsGuess["system"]; columns: { header: string; role: ColumnRole }[]; phoneOrder: PhoneField[] };
};

export type ContactDto = ContactPageRow & { nextAppointment: NextAppointment | null };

/**
 * Imports a contacts CSV into the context's organisation.
 *
 * Policy: good rows are imported and bad rows reported (spreadsheet row number, column, plain message),
 * all inside ONE transaction, so a crash or database error part-way leaves nothing half-written. Rows of
 * the same person (same patient id, or without one the same name and phone) are merged into one contact
 * (later values win, every distinct appointment is kept) with a warning. Existing contacts are matched by
 * identity (see planUpserts; a shared phone alone never matches) and updated, each change of a name or a
 * time zone listed in `changes`:
 * empty cells keep the stored value, attributes are merged key by key, appointments are upserted on
 * (contact, start), and a contact's upcoming appointments the file no longer lists are deleted (the file
 * gives their schedule as it is now: a moved appointment is not said at its old time).
 * An empty file, a header-only file, a file without a phone column, one over MAX_CSV_BYTES / MAX_CSV_ROWS, or
 * one with no importable row returns `csv_invalid` and writes nothing; any other import is recorded in
 * `contact_imports`. Imports of one organisation run one at a time (advisory lock).
 */
export async function importContactsCsv(
  ctx: Ctx,
  input: { csv: string | Buffer; fileName?: string; listName?: string; mapping?: GivenMapping },
): Promise<Result<ImportReport, AppError<"csv_invalid">>> {
  const now = new Date();
  const key = headersKeyOf(input.csv);
  const remembered = input.mapping || key === null ? undefined : await getRememberedMapping(ctx, key);
  const parsed = parseContactsCsv(input.csv, { defaultTimezone: ctx.organization.timezone, phoneCountry: ctx.organization.phoneCountry, now, mapping: input.mapping, remembered });
  if (!parsed.ok) return parsed;
  const guess = parsed.value.guess;
  const { contacts, rowsTotal, customAttributes } = parsed.value;
  const organizationId = ctx.organization.id;

  return ctx.db.transaction(async (tx) => {
    await lockContactImportsForOrganization(tx, organizationId);
    if (input.listName && !(await canEnsureList(tx, organizationId, input.listName))) {
      return err(appError("csv_invalid", `${tooManyLists().message} Nothing was imported: pick an existing list, or delete one, and import again.`));
    }
    const existing = await listContactsMatchingImport(tx, organizationId, {
      externalIds: contacts.flatMap((c) => (c.externalId === null ? [] : [c.externalId])),
      phones: contacts.map((c) => c.phone),
    });
    const organizationKeys = new Set(await listAttributeKeysForOrganization(tx, organizationId));
    const plan = planUpserts(organizationId, ctx.organization.timezone, contacts, existing, organizationKeys);
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
    // The manager's choice is remembered for the next file with these headers.
    if (input.mapping && key !== null) await saveImportMapping(tx, organizationId, key, toStoredMapping(guess));
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
      changes: plan.changes,
    });
    return ok({
      importId: record.id,
      rowsTotal,
      created: plan.created,
      updated: plan.updated,
      failed,
      errors,
      warnings,
      changes: plan.changes,
      customAttributes: customAttributes.filter((key) => plan.contacts.some((c) => Object.hasOwn(c.attributes, key))),
      rescheduledContactIds,
      list,
      optedOut: plan.optOutPhones.length,
      mapping: { source: guess.source, system: guess.system, columns: guess.columns.map((c) => ({ header: c.header, role: c.role })), phoneOrder: guess.phoneOrder },
    });
  });
}

/** A header row as the remembered mappings are keyed: squashed headers, hashed (a row may be long). */
function headersKeyOf(csv: string | Buffer): string | null {
  const head = readCsvHead(csv, 0);
  if (!head) return null;
  return createHash("sha256").update(head.headers.map((h) => squashHeader(h)).join("|")).digest("hex");
}

async function getRememberedMapping(ctx: Ctx, key: string): Promise<GivenMapping | undefined> {
  const row = await getImportMapping(ctx.db, ctx.organization.id, key);
  if (!row) return undefined;
  const roles = new Set<string>(COLUMN_ROLES);
  const columns = Object.fromEntries(Object.entries(row.columns).filter(([, role]) => roles.has(role))) as Record<string, ColumnRole>;
  return { columns, phoneOrder: row.phoneOrder.filter((f): f is PhoneField => (PHONE_FIELDS as readonly string[]).includes(f)) };
}

function toStoredMapping(guess: ColumnsGuess): { columns: Record<string, string>; phoneOrder: string[] } {
  return { columns: Object.fromEntries(guess.columns.map((c) => [c.header, c.role])), phoneOrder: guess.phoneOrder };
}

/** One row of the mapping step's preview: the contact as it would be stored. */
export type ImportPreviewRow = {
  row: number;
  firstName: string | null;
  lastName: string | null;
  phone: string;
  email: string | null;
  externalId: string | null;
  language: string | null;
  /** `local`: the date and time as the message will say it, in the contact's zone (else the organisation's). */
  appointment: { startsAt: string; local: string; provider: string | null; location: string | null; status: string | null } | null;
  attributes: Record<string, string>;
};

export type ImportPreview = {
  headers: string[];
  /** Each column's role and whether the product recognised it; `samples`: the column's first values. */
  columns: { index: number; header: string; role: ColumnRole; recognised: boolean; samples: string[] }[];
  system: ColumnsGuess["system"];
  source: ColumnsGuess["source"];
  phoneOrder: PhoneField[];
  /** The file imports without a question: a remembered mapping, a known export, or a phone and a name found. */
  complete: boolean;
  rowsTotal: number;
  rowsFailed: number;
  /** The first rows as they would be stored. */
  rows: ImportPreviewRow[];
  errors: ImportIssue[];
  warnings: ImportWarning[];
  /** Why nothing could be imported with this mapping (no phone column, no good row), if so. */
  problem: string | null;
};

const PREVIEW_ROWS = 5;
const PREVIEW_ISSUES = 20;

/**
 * The mapping step without writing anything: the file's columns with the product's guess (or the given
 * mapping), the first rows as they would be stored, and the problems the import would report.
 */
export async function previewContactsCsv(
  ctx: Ctx,
  input: { csv: string | Buffer; mapping?: GivenMapping },
): Promise<Result<ImportPreview, AppError<"csv_invalid">>> {
  const head = readCsvHead(input.csv, PREVIEW_ROWS);
  if (!head) return err(appError("csv_invalid", "The file is empty. Export your contacts as CSV with a header row and try again."));
  const key = headersKeyOf(input.csv);
  const remembered = input.mapping || key === null ? undefined : await getRememberedMapping(ctx, key);
  const parsed = parseContactsCsv(input.csv, { defaultTimezone: ctx.organization.timezone, phoneCountry: ctx.organization.phoneCountry, now: new Date(), mapping: input.mapping, remembered });
  const guess = parsed.ok ? parsed.value.guess : guessColumns(head.headers, { given: input.mapping, remembered });
  const columns = guess.columns.map((c) => ({ ...c, samples: head.records.map((r) => (r[c.index] ?? "").trim()).filter((v) => v !== "").slice(0, 3) }));
  const base = { headers: head.headers, columns, system: guess.system, source: guess.source, phoneOrder: guess.phoneOrder, complete: guess.complete };
  if (!parsed.ok) {
    const errors = ((parsed.error.details as { errors?: ImportIssue[] } | undefined)?.errors ?? []).slice(0, PREVIEW_ISSUES);
    return ok({ ...base, complete: false, rowsTotal: 0, rowsFailed: 0, rows: [], errors, warnings: [], problem: parsed.error.message });
  }
  const rows = parsed.value.contacts.slice(0, PREVIEW_ROWS).map((c): ImportPreviewRow => {
    const first = c.appointments[0];
    return {
      row: c.row,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.phone,
      email: c.email,
      externalId: c.externalId,
      language: c.language,
      appointment: first
        ? {
            startsAt: first.startsAt.toISOString(),
            local: first.startsAt.toLocaleString("en-US", { timeZone: c.timezone ?? ctx.organization.timezone, dateStyle: "medium", timeStyle: "short" }).replace(/[\u202f\u00a0]/g, " "),
            provider: first.provider,
            location: first.location,
            status: first.status,
          }
        : null,
      attributes: c.attributes,
    };
  });
  return ok({
    ...base,
    rowsTotal: parsed.value.rowsTotal,
    rowsFailed: parsed.value.rowsFailed,
    rows,
    errors: parsed.value.errors.slice(0, PREVIEW_ISSUES),
    warnings: parsed.value.warnings.slice(0, PREVIEW_ISSUES),
    problem: null,
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
  changes: ImportChange[];
  optOutPhones: string[];
};

/**
 * Decides, before writing, which saved contact each file contact updates. Resolving in memory means every
 * unique-index conflict becomes a row error here instead of a failed statement that would abort the import.
 *
 * Identity: a row with a patient id is the saved contact with that id (or, the first time an id is seen, the
 * saved contact without one that has the row's name and phone); a row without one is the saved contact with
 * its name and phone. A phone alone identifies nobody: a row that shares a saved contact's number under
 * another name is a new contact, and the report says who it shares the number with.
 */
function planUpserts(organizationId: string, defaultTimezone: string, parsed: ParsedContact[], existing: ExistingContactRow[], organizationKeys: Set<string>): UpsertPlan {
  const byExternalId = new Map(existing.flatMap((c) => (c.externalId === null ? [] : [[c.externalId, c] as const])));
  const byPhone = new Map<string, ExistingContactRow[]>();
  for (const c of existing) byPhone.set(c.phone, [...(byPhone.get(c.phone) ?? []), c]);
  const claimedBy = new Map<string, number>();
  const plan: UpsertPlan = {
    contacts: [], updatedIds: new Set(), appointments: [], created: 0, updated: 0, rowsFailed: 0, errors: [], warnings: [], changes: [], optOutPhones: [],
  };

  for (const contact of parsed) {
    const samePhone = byPhone.get(contact.phone) ?? [];
    const hasName = contact.firstName !== null || contact.lastName !== null;
    let target: ExistingContactRow | undefined;
    if (contact.externalId !== null) {
      target = byExternalId.get(contact.externalId);
      if (!target && hasName) {
        const unnumbered = samePhone.filter((c) => c.externalId === null && isSameName(c, contact) && !(isNameless(c) && claimedBy.has(c.id)));
        if (unnumbered.length === 1) target = unnumbered[0];
      }
    } else {
      // A nameless contact that an earlier row already completed is not the next family member.
      const candidates = (hasName ? samePhone.filter((c) => isSameName(c, contact)) : samePhone).filter((c) => !(hasName && isNameless(c) && claimedBy.has(c.id)));
      if (candidates.length > 1) {
        plan.rowsFailed += contact.rows.length;
        plan.errors.push({
          row: contact.row,
          message: hasName
            ? `Row ${contact.row}: ${candidates.length} saved contacts have this name and phone ${contact.phone} (${candidates.map(describe).join("; ")}); add a Patient ID column so the row says which one.`
            : `Row ${contact.row}: phone ${contact.phone} belongs to ${candidates.length} saved contacts (${candidates.map(describe).join("; ")}); add a name or Patient ID column so the row says which one.`,
        });
        continue;
      }
      target = candidates[0];
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

    const attributeIssue = checkAttributeLimits(contact, target, organizationKeys);
    if (attributeIssue) {
      plan.rowsFailed += contact.rows.length;
      plan.errors.push(attributeIssue);
      continue;
    }
    for (const key of Object.keys(contact.attributes)) organizationKeys.add(key);

    const id = target?.id ?? randomUUID();
    let appointments = contact.appointments;
    if (target) {
      claimedBy.set(target.id, contact.row);
      plan.updatedIds.add(target.id);
      plan.updated++;
      plan.changes.push(...describeChanges(contact, target, defaultTimezone));
      // The contact keeps its zone when the row names none, so the file's clock times are read in that zone.
      const keptZone = contact.timezone === null ? target.timezone : null;
      if (keptZone !== null) {
        appointments = contact.appointments.map((a) => (a.wall ? { ...a, startsAt: zonedWallTimeToDate(a.wall.date, a.wall.time, keptZone) } : a));
      }
    } else {
      plan.created++;
      const others = samePhone.filter((c) => !isNameless(c) || !claimedBy.has(c.id));
      if (others.length > 0) {
        plan.warnings.push({
          row: contact.row,
          message: `Row ${contact.row}: ${describeParsed(contact)} shares phone ${contact.phone} with ${others.map(describe).join("; ")}; saved as a separate contact.`,
        });
      }
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
      language: contact.language,
      attributes: contact.attributes,
    });
    for (const { startsAt, provider, location, status } of appointments) plan.appointments.push({ contactId: id, startsAt, provider, location, status });
    if (contact.optOut) plan.optOutPhones.push(contact.phone);
  }
  return plan;
}

/** The row's name parts that both sides have are equal (case, accents and spacing aside), and there is one. */
function isSameName(saved: ExistingContactRow, row: ParsedContact): boolean {
  // A contact saved without any name (a phone-only file) is the one a named row with its number completes.
  if (isNameless(saved)) return true;
  const [savedFirst, savedLast] = nameKey(saved).split("|");
  const [rowFirst, rowLast] = nameKey(row).split("|");
  const pairs = [[savedFirst, rowFirst], [savedLast, rowLast]].filter(([a, b]) => a && b);
  return pairs.length > 0 && pairs.every(([a, b]) => a === b);
}

function isNameless(contact: ExistingContactRow): boolean {
  return !contact.firstName && !contact.lastName;
}

/** What the row changes in a saved contact's name and time zone, each said in the report. */
function describeChanges(row: ParsedContact, saved: ExistingContactRow, defaultTimezone: string): ImportChange[] {
  const changes: ImportChange[] = [];
  const before = fullName(saved.firstName, saved.lastName);
  const after = fullName(row.firstName ?? saved.firstName, row.lastName ?? saved.lastName);
  if (before !== "" && after !== before) {
    changes.push({ row: row.row, contactId: saved.id, field: "name", from: before, to: after, message: `Row ${row.row}: name changed from ${before} to ${after}.` });
  }
  if (row.timezone !== null && row.timezone !== (saved.timezone ?? defaultTimezone)) {
    const from = saved.timezone ?? `${defaultTimezone} (the organisation's)`;
    changes.push({
      row: row.row,
      contactId: saved.id,
      field: "timezone",
      from: saved.timezone,
      to: row.timezone,
      message: `Row ${row.row}: time zone changed from ${from} to ${row.timezone}; appointment times are now spoken in ${row.timezone}.`,
    });
  }
  return changes;
}

function fullName(firstName: string | null, lastName: string | null): string {
  return [firstName, lastName].filter(Boolean).join(" ");
}

/**
 * A contact keeps at most MAX_ATTRIBUTES_PER_CONTACT custom values (what it has stored and what the file adds,
 * since an import merges them), and an organisation at most MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION distinct keys:
 * a row past either limit fails with this issue and the other rows import.
 */
function checkAttributeLimits(contact: ParsedContact, target: ExistingContactRow | undefined, organizationKeys: ReadonlySet<string>): ImportIssue | null {
  const keys = Object.keys(contact.attributes);
  const held = new Set([...(target?.attributeKeys ?? []), ...keys]).size;
  if (held > MAX_ATTRIBUTES_PER_CONTACT) {
    return {
      row: contact.row,
      message: `Row ${contact.row}: the contact would hold ${held} custom values with the ones saved before; a contact may hold at most ${MAX_ATTRIBUTES_PER_CONTACT}. Remove the columns your messages do not use and import the row again.`,
    };
  }
  const added = keys.filter((key) => !organizationKeys.has(key));
  if (added.length > 0 && organizationKeys.size + added.length > MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION) {
    const named = added.slice(0, 5).map((key) => `"${key}"`).join(", ");
    return {
      row: contact.row,
      message: `Row ${contact.row}: adds ${added.length} new custom column${added.length === 1 ? "" : "s"} (${named}${added.length > 5 ? ", …" : ""}), but the organisation already has ${organizationKeys.size} of the ${MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION} custom columns it may hold. Leave out the columns your messages do not use and import the row again.`,
    };
  }
  return null;
}

function describe(contact: ExistingContactRow): string {
  const name = fullName(contact.firstName, contact.lastName);
  const parts = [name || contact.phone, contact.externalId === null ? null : `ID ${contact.externalId}`].filter(Boolean);
  return parts.join(", ");
}

function describeParsed(contact: ParsedContact): string {
  const name = fullName(contact.firstName, contact.lastName);
  return [name || "this contact", contact.externalId === null ? null : `(ID ${contact.externalId})`].filter(Boolean).join(" ");
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
