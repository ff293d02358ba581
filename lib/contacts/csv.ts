import Papa from "papaparse";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { canonicalTimeZone, parseDateTime, parseTime, zonedWallTimeToDate, type ParsedDateTime, type WallDate, type WallTime } from "@/lib/values/datetime";
import { normaliseAppointmentStatus, type AppointmentStatus } from "./appointment-status";
import { guessColumns, toHeaderMapping, type ColumnsGuess, type ContactField, type GivenMapping, type ImportMapping } from "./headers";
import { normaliseLanguage } from "./language";
import { checkPhone, clipForMessage, countryForTimeZone, DEFAULT_PHONE_COUNTRY, type CountryCode } from "@/lib/values/phone";
import type { ContactFields } from "./schemas";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 50_000;
/**
 * Longest value a cell may hold. A message is at most 1,500 characters (MAX_MESSAGE_CHARS), so a longer
 * value could never be spoken; refusing the row here keeps megabyte values out of every later step.
 */
export const MAX_CSV_CELL_CHARS = 2_000;
/**
 * Custom values one contact may hold, and distinct custom keys one organisation may hold. Every merge,
 * export, preview and "did you mean" walks them, so a row of 50,000 columns must not get in.
 */
export const MAX_ATTRIBUTES_PER_CONTACT = 100;
export const MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION = 500;

export type ImportIssue = { row: number; column?: string; message: string };
export type ImportWarning = { row: number; message: string };

export type ParsedAppointment = {
  startsAt: Date;
  provider: string | null;
  location: string | null;
  /** The file's status, normalised; null when it gave none (or one the import does not know). */
  status: AppointmentStatus | null;
  /**
   * The clock time the file wrote, when it wrote one without an offset: `startsAt` reads it in the row's own
   * zone, else the organisation's, and the import reads it again in a saved contact's zone when the row
   * names none (the contact keeps that zone, so the time must be spoken as the file wrote it).
   */
  wall: { date: WallDate; time: WallTime } | null;
};

/** One contact as the file describes it, after merging the rows that name the same person. */
export type ParsedContact = {
  /** Spreadsheet row of the last row merged into this contact (header = row 1). */
  row: number;
  /** Every spreadsheet row merged into this contact. */
  rows: number[];
  externalId: string | null;
  appointments: ParsedAppointment[];
  /** The file's opt-out column said yes ("yes", "true", "1", "x", "y"). */
  optOut: boolean;
  /** Preferred language as a BCP-47 tag, or as the file wrote it when unknown (with a warning). */
  language: string | null;
} & ContactFields;

export type ParsedContactsCsv = {
  /** Non-blank data rows. */
  rowsTotal: number;
  /** Rows rejected (a row with several problems counts once). */
  rowsFailed: number;
  contacts: ParsedContact[];
  errors: ImportIssue[];
  warnings: ImportWarning[];
  /** Custom attribute keys that hold at least one value in a good row. */
  customAttributes: string[];
  /** How each column was read. */
  guess: ColumnsGuess;
};

/**
 * `phoneCountry` reads national numbers of contacts whose own time zone names no country (the organisation's
 * setting); `now` is when an appointment counts as past (a warning: the reminder would come too late).
 */
export type ParseContactsOptions = {
  defaultTimezone: string;
  phoneCountry?: CountryCode;
  now?: Date;
  /** The columns as the person or the API caller mapped them; unnamed headers keep their guess. */
  mapping?: GivenMapping;
  /** The organisation's remembered mapping for this header row, used when no mapping is given. */
  remembered?: GivenMapping;
};

const UTF8_BOM = "\uFEFF";
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a contacts CSV into merged, validated contacts, without touching the database. Never throws: a file
 * that cannot be imported at all (empty, too big, no phone column, no good row) is a `csv_invalid` error;
 * bad rows are listed in `errors` with their spreadsheet row number and the good rows are still returned.
 */
export function parseContactsCsv(
  csv: string | Buffer | Uint8Array,
  options: ParseContactsOptions,
): Result<ParsedContactsCsv, AppError<"csv_invalid">> {
  const bytes = typeof csv === "string" ? Buffer.byteLength(csv, "utf8") : csv.byteLength;
  if (bytes > MAX_CSV_BYTES) {
    return err(appError("csv_invalid", `The file is ${formatMegabytes(bytes)}; the limit is ${formatMegabytes(MAX_CSV_BYTES)}. Split it into smaller files.`));
  }
  const text = readCsvText(csv);
  if (text.trim() === "") return err(appError("csv_invalid", "The file is empty. Export your contacts as CSV with a header row and try again."));

  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimiter: detectDelimiter(text),
  });
  const records = parsed.data;
  const headerIndex = records.findIndex((record) => !isBlankRecord(record));
  const headerRecord = records[headerIndex];
  if (!headerRecord) return err(appError("csv_invalid", "The file is empty. Export your contacts as CSV with a header row and try again."));

  const guess = guessColumns(headerRecord, { given: options.mapping, remembered: options.remembered });
  const mapping = toHeaderMapping(guess);
  if (mapping.fields.phone === undefined && mapping.fields.homePhone === undefined && mapping.fields.workPhone === undefined) {
    return err(
      appError(
        "csv_invalid",
        `No phone column found. Add a column named "Phone" (or "Mobile", "Cell", "Phone Number"), or choose which column holds the phone in the import's column mapping. Columns found: ${headerRecord
          .map((h) => `"${h.trim()}"`)
          .join(", ")
          .slice(0, 300)}.`,
      ),
    );
  }

  const dataRows: { row: number; cells: string[] }[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const cells = records[i];
    // A quoted newline stays inside one spreadsheet row, so the record index is the row the user sees.
    if (cells && !isBlankRecord(cells)) dataRows.push({ row: i + 1, cells });
  }
  if (dataRows.length === 0) return err(appError("csv_invalid", "The file has a header row but no contacts under it."));
  if (dataRows.length > MAX_CSV_ROWS) {
    return err(
      appError("csv_invalid", `The file has ${dataRows.length.toLocaleString("en-US")} rows; the limit is ${MAX_CSV_ROWS.toLocaleString("en-US")}. Split it into smaller files.`),
    );
  }

  const quoteErrorRows = new Set<number>();
  for (const e of parsed.errors) {
    if (e.type === "Quotes" && e.row !== undefined) quoteErrorRows.add(e.row + 1);
  }

  const errors: ImportIssue[] = [];
  const warnings: ImportWarning[] = [];
  const good: ParsedContact[] = [];
  let rowsFailed = 0;
  for (const { row, cells } of dataRows) {
    if (quoteErrorRows.has(row)) {
      errors.push({ row, message: `Row ${row}: a quote (") is opened but never closed, so this row and the ones after it could not be read.` });
      rowsFailed++;
      continue;
    }
    const long = cells.findIndex((c) => c.length > MAX_CSV_CELL_CHARS);
    if (long !== -1) {
      const column = headerRecord[long]?.trim().slice(0, 60) || `column ${long + 1}`;
      errors.push({
        row,
        column,
        message: `Row ${row}: the "${column}" value is ${cells[long]!.length.toLocaleString("en-US")} characters; the limit is ${MAX_CSV_CELL_CHARS.toLocaleString("en-US")}. Shorten it and import the row again.`,
      });
      rowsFailed++;
      continue;
    }
    const result = readRow(row, cells, mapping, options);
    if (!result.ok) {
      errors.push(...result.error);
      rowsFailed++;
      continue;
    }
    warnings.push(...result.value.warnings);
    good.push(result.value.contact);
  }

  if (good.length === 0) {
    const shown = errors.slice(0, 5).map((e) => e.message);
    return err(
      appError("csv_invalid", `None of the ${dataRows.length} rows could be imported. ${shown.join(" ")}${errors.length > 5 ? " …" : ""}`, { errors }),
    );
  }

  const merged = mergeDuplicates(good, warnings);
  const used = new Set(merged.flatMap((c) => Object.keys(c.attributes)));
  return ok({
    rowsTotal: dataRows.length,
    rowsFailed,
    contacts: merged,
    errors,
    warnings: warnings.sort((a, b) => a.row - b.row),
    customAttributes: mapping.attributeKeys.filter((key) => used.has(key)),
    guess,
  });
}

/** The header row of a file and its first records, for the mapping step (no row is validated). */
export function readCsvHead(csv: string | Buffer | Uint8Array, rows: number): { headers: string[]; records: string[][] } | null {
  const text = readCsvText(csv);
  if (text.trim() === "") return null;
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: "greedy", delimiter: detectDelimiter(text), preview: rows + 1 });
  const [headers, ...records] = parsed.data;
  return headers ? { headers: headers.map((h) => h.trim()), records } : null;
}

function readRow(
  row: number,
  cells: string[],
  mapping: ImportMapping,
  options: ParseContactsOptions,
): Result<{ contact: ParsedContact; warnings: ImportWarning[] }, ImportIssue[]> {
  const issues: ImportIssue[] = [];
  const warnings: ImportWarning[] = [];
  const header = (field: ContactField) => {
    const index = mapping.fields[field];
    return index === undefined ? field : (mapping.columns.find((c) => c.index === index)?.header ?? field);
  };
  const cell = (field: ContactField): string => {
    const index = mapping.fields[field];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  const orNull = (value: string) => (value === "" ? null : value);

  const rawZone = cell("timezone");
  let timezone: string | null = null;
  if (rawZone !== "") {
    timezone = canonicalTimeZone(rawZone);
    if (!timezone) {
      issues.push({
        row,
        column: header("timezone"),
        message: `Row ${row}: time zone '${clipForMessage(rawZone)}' is not a time zone we recognise; use a name like America/Chicago.`,
      });
    }
  }

  // A national number is read in the contact's own country when their time zone names one. The phone
  // columns are tried in the mapping's order: the first callable number is the one called.
  const country = countryForTimeZone(timezone) ?? options.phoneCountry ?? DEFAULT_PHONE_COUNTRY;
  const phoneColumns = mapping.phoneOrder.filter((field) => mapping.fields[field] !== undefined);
  let phone: string | null = null;
  let firstProblem: ImportIssue | null = null;
  const skipped: string[] = [];
  for (const field of phoneColumns) {
    const raw = cell(field);
    if (raw === "") continue;
    const checked = checkPhone(raw, country);
    if (checked.ok) {
      phone = checked.value;
      break;
    }
    firstProblem ??= { row, column: header(field), message: `Row ${row}: ${phoneColumns.length > 1 ? `${header(field)} ` : "phone "}${checked.error.message}` };
    skipped.push(header(field));
  }
  if (phone === null) {
    issues.push(firstProblem ?? { row, column: header(phoneColumns[0] ?? "phone"), message: `Row ${row}: phone is empty; every contact needs a phone number.` });
  } else if (skipped.length > 0) {
    warnings.push({ row, message: `Row ${row}: ${skipped.join(" and ")} is not a number we can call; ${phone} from the next phone column will be called.` });
  }

  let email = orNull(cell("email"));
  if (email && !EMAIL_PATTERN.test(email)) {
    warnings.push({ row, message: `Row ${row}: email '${clipForMessage(email)}' does not look like an email address; the contact was saved without it.` });
    email = null;
  }

  let firstName = orNull(cell("firstName"));
  let lastName = orNull(cell("lastName"));
  const fullName = cell("fullName");
  if (!firstName && !lastName && fullName !== "") [firstName, lastName] = splitFullName(fullName);

  const appointment = readAppointment(row, cell, header, timezone ?? options.defaultTimezone, issues, !timezone && rawZone !== "");
  if (appointment && options.now && appointment.startsAt < options.now) {
    warnings.push({ row, message: `Row ${row}: the appointment on ${describeInstant(appointment.startsAt, timezone ?? options.defaultTimezone)} is in the past; a reminder for it would come too late.` });
  }

  const attributes: Record<string, string> = {};
  let attributeCount = 0;
  for (const column of mapping.columns) {
    if (column.kind !== "attribute") continue;
    const value = (cells[column.index] ?? "").trim();
    if (value === "") continue;
    attributeCount++;
    if (attributeCount <= MAX_ATTRIBUTES_PER_CONTACT) attributes[column.key] = value;
  }
  if (attributeCount > MAX_ATTRIBUTES_PER_CONTACT) {
    issues.push({
      row,
      message: `Row ${row}: has ${attributeCount.toLocaleString("en-US")} filled custom columns; a contact may hold at most ${MAX_ATTRIBUTES_PER_CONTACT}. Remove the columns your messages do not use and import the row again.`,
    });
  }

  if (issues.length > 0 || !phone) return err(issues);

  let status: AppointmentStatus | null = null;
  const rawStatus = cell("status");
  const normalisedStatus = normaliseAppointmentStatus(rawStatus);
  if (normalisedStatus === "unknown") {
    warnings.push({ row, message: `Row ${row}: appointment status '${clipForMessage(rawStatus)}' is not one we know; the appointment is treated as scheduled.` });
  } else status = normalisedStatus;

  const language = normaliseLanguage(cell("language"));
  if (language && !language.known) {
    warnings.push({ row, message: `Row ${row}: language '${clipForMessage(language.tag)}' is not one we recognise; it was kept as written.` });
  }

  const optOut = readOptOut(cell("optOut"));
  if (optOut === null) {
    warnings.push({ row, message: `Row ${row}: ${header("optOut")} '${clipForMessage(cell("optOut"))}' is neither yes nor no; the contact was not opted out.` });
  }
  const extra = cells.slice(mapping.width).filter((c) => c.trim() !== "");
  if (extra.length > 0) warnings.push({ row, message: `Row ${row}: has more cells than the header has columns; the extra values were ignored.` });

  return ok({
    contact: {
      row,
      rows: [row],
      externalId: orNull(cell("externalId")),
      firstName,
      lastName,
      phone,
      email,
      timezone,
      attributes,
      appointments: appointment ? [{ ...appointment, provider: orNull(cell("provider")), location: orNull(cell("location")), status }] : [],
      optOut: optOut === true,
      language: language?.tag ?? null,
    },
    warnings,
  });
}

const OPT_OUT_YES = new Set(["yes", "y", "true", "1", "x", "opted out", "opt out", "dnc"]);
const OPT_OUT_NO = new Set(["", "no", "n", "false", "0"]);

/** An opt-out cell: true, false, or null when it is neither (the row imports without an opt-out, with a warning). */
function readOptOut(value: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (OPT_OUT_YES.has(v)) return true;
  return OPT_OUT_NO.has(v) ? false : null;
}

function readAppointment(
  row: number,
  cell: (field: ContactField) => string,
  header: (field: ContactField) => string,
  timezone: string,
  issues: ImportIssue[],
  zoneInvalid: boolean,
): { startsAt: Date; wall: ParsedAppointment["wall"] } | null {
  const combined = cell("appointmentDateTime");
  const dateCell = cell("appointmentDate");
  const timeCell = cell("appointmentTime");
  let column: string;
  let raw: string;
  let parsed: ParsedDateTime | null;
  if (dateCell !== "") {
    column = header("appointmentDate");
    raw = timeCell === "" ? dateCell : `${dateCell} ${timeCell}`;
    parsed = parseDateTime(dateCell);
    if (parsed?.kind === "wall" && parsed.time === null && timeCell !== "") {
      const time = parseTime(timeCell);
      if (!time) {
        issues.push({ row, column: header("appointmentTime"), message: `Row ${row}: appointment time '${clipForMessage(timeCell)}' is not a time we understand; use a time like 2:30 PM or 14:30.` });
        return null;
      }
      parsed = { ...parsed, time };
    }
  } else if (combined !== "") {
    column = header("appointmentDateTime");
    raw = combined;
    parsed = parseDateTime(combined);
  } else if (timeCell !== "") {
    // A lone "Appointment Time" column often holds the full date and time.
    column = header("appointmentTime");
    raw = timeCell;
    parsed = parseDateTime(timeCell);
  } else {
    return null;
  }

  if (!parsed) {
    issues.push({ row, column, message: `Row ${row}: appointment '${clipForMessage(raw)}' is not a date we understand; use 2026-03-03 14:30 or 3/3/2026 2:30 PM.` });
    return null;
  }
  if (parsed.kind === "instant") return { startsAt: parsed.at, wall: null };
  if (!parsed.time) {
    issues.push({ row, column, message: `Row ${row}: appointment '${clipForMessage(raw)}' has a date but no time; add a time like 2:30 PM.` });
    return null;
  }
  // The zone error is already reported; converting with the wrong zone would only add a misleading time.
  if (zoneInvalid) return null;
  return { startsAt: zonedWallTimeToDate(parsed.date, parsed.time, timezone), wall: { date: parsed.date, time: parsed.time } };
}

/**
 * The key that says two rows of a file are the same person: the patient id when the row has one, else
 * name and phone together. A shared phone alone never joins two rows, since a family may share a number.
 */
export function identityKey(contact: Pick<ParsedContact, "externalId" | "firstName" | "lastName" | "phone">): string {
  return contact.externalId === null ? `name:${nameKey(contact)}|${contact.phone}` : `id:${contact.externalId}`;
}

/**
 * A name compared as a person would: case, accents, spacing and punctuation do not make two names differ
 * ("Jürgen Müller" = "jurgen  muller"); empty when the row has no name.
 */
export function nameKey(contact: { firstName: string | null; lastName: string | null }): string {
  return [contact.firstName, contact.lastName]
    .map((part) => (part ?? "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim())
    .join("|");
}

/**
 * Rows naming the same person (same patient id, or without one the same name and phone) become one
 * contact: later rows win for each value they hold, attributes are merged, and every distinct appointment
 * is kept. A row without an id joins an earlier row with one when name and phone match.
 */
function mergeDuplicates(rows: ParsedContact[], warnings: ImportWarning[]): ParsedContact[] {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    return root;
  };
  const byKey = new Map<string, number>();
  rows.forEach((contact, i) => {
    const key = identityKey(contact);
    const nameAndPhone = `name:${nameKey(contact)}|${contact.phone}`;
    const sameNameAndPhone = byKey.get(nameAndPhone);
    // A row with an id also joins an earlier row without one that has its name and phone.
    const earlier = byKey.get(key) ?? (sameNameAndPhone !== undefined && rows[sameNameAndPhone]?.externalId === null ? sameNameAndPhone : undefined);
    if (earlier !== undefined) {
      const root = find(earlier);
      const earlierRow = rows[earlier]?.row ?? 0;
      if (root !== find(i)) {
        const reason = contact.externalId !== null && rows[earlier]?.externalId === contact.externalId ? `same ID '${clipForMessage(contact.externalId)}'` : `same name and phone ${contact.phone}`;
        warnings.push({ row: contact.row, message: `Row ${contact.row}: ${reason} as row ${earlierRow}; the rows were merged into one contact and the later values were kept.` });
        parent[root] = find(i);
      }
    }
    byKey.set(key, i);
    // A later row without an id but with this name and phone is the same person.
    if (contact.externalId !== null) byKey.set(nameAndPhone, i);
  });

  const groups = new Map<number, ParsedContact[]>();
  rows.forEach((contact, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(contact);
    else groups.set(root, [contact]);
  });

  return [...groups.values()].map((group) => {
    let merged: ParsedContact | null = null;
    for (const next of group) {
      merged = merged === null ? { ...next, appointments: [...next.appointments] } : mergeContact(merged, next);
    }
    // Groups are never empty.
    return merged as ParsedContact;
  });
}

function mergeContact(a: ParsedContact, b: ParsedContact): ParsedContact {
  const appointments = new Map<number, ParsedAppointment>();
  for (const appointment of [...a.appointments, ...b.appointments]) {
    const earlier = appointments.get(appointment.startsAt.getTime());
    appointments.set(appointment.startsAt.getTime(), {
      startsAt: appointment.startsAt,
      provider: appointment.provider ?? earlier?.provider ?? null,
      location: appointment.location ?? earlier?.location ?? null,
      status: appointment.status ?? earlier?.status ?? null,
      wall: appointment.wall,
    });
  }
  return {
    row: b.row,
    rows: [...a.rows, ...b.rows],
    externalId: b.externalId ?? a.externalId,
    firstName: b.firstName ?? a.firstName,
    lastName: b.lastName ?? a.lastName,
    phone: b.phone,
    email: b.email ?? a.email,
    timezone: b.timezone ?? a.timezone,
    language: b.language ?? a.language,
    attributes: { ...a.attributes, ...b.attributes },
    appointments: [...appointments.values()],
    // Either row asking not to be called is enough.
    optOut: a.optOut || b.optOut,
  };
}

/** "Maria Garcia" → Maria / Garcia; "Garcia, Maria" → Maria / Garcia; "Mary Ann Smith" → Mary Ann / Smith. */
export function splitFullName(fullName: string): [string | null, string | null] {
  const name = fullName.trim().replace(/\s+/g, " ");
  if (name === "") return [null, null];
  const comma = name.indexOf(",");
  if (comma > 0) {
    const last = name.slice(0, comma).trim();
    const first = name.slice(comma + 1).trim();
    return [first || null, last || null];
  }
  const space = name.lastIndexOf(" ");
  if (space < 0) return [name, null];
  return [name.slice(0, space), name.slice(space + 1)];
}

function decodeBytes(bytes: Uint8Array): string {
  // Excel's "Unicode Text" export is UTF-16 with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel on Windows saves "CSV" in the ANSI code page; reading it as UTF-8 would mangle every accent.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/**
 * Postgres text and jsonb reject NUL and unpaired surrogates; neither can be meant by a person, so they
 * are dropped or replaced before they reach a row.
 */
function sanitizeText(text: string): string {
  const withoutBom = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  return withoutBom.replace(/\u0000/g, "").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/**
 * Comma, semicolon (European Excel) or tab, whichever the header line uses most. Papa's own guess averages
 * over rows and picks wrongly on short files, where a trailing blank line weighs as much as a real row.
 */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let inQuotes = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (char === "\n" || char === "\r")) {
      if (seenContent) break;
    } else if (!inQuotes && (char === "," || char === ";" || char === "\t")) counts[char]++;
    if (char.trim() !== "") seenContent = true;
  }
  if (counts["\t"] > counts[","] && counts["\t"] >= counts[";"]) return "\t";
  return counts[";"] > counts[","] ? ";" : ",";
}

function isBlankRecord(record: string[]): boolean {
  return record.every((cell) => cell.trim() === "");
}

function describeInstant(at: Date, timeZone: string): string {
  return at.toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).replace(/[\u202f\u00a0]/g, " ");
}


function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A CSV upload as text: its encoding detected (UTF-8, UTF-16 with a BOM, else Windows-1252), BOM, NUL and lone surrogates removed. */
export function readCsvText(csv: string | Buffer | Uint8Array): string {
  return sanitizeText(typeof csv === "string" ? csv : decodeBytes(csv));
}
