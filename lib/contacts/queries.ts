import { and, asc, count, desc, eq, gte, like, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { rowsOf, textListParam, uuidListParam } from "@/lib/db";
import { appointments, contactImports, contactListMembers, contactLists, contacts, doNotCall, doNotCallBatches, importMappings } from "@/drizzle/schema";
import { NOT_REMINDED_STATUSES } from "./appointment-status";
import type { ContactFields, ContactSort } from "./schemas";

/** Rows per multi-row statement: ~10 parameters a row stays far below Postgres's 65,535-parameter cap. */
export const WRITE_BATCH_SIZE = 500;

export type NextAppointment = { startsAt: Date; provider: string | null; location: string | null };

export type CampaignContactRow = { id: string } & ContactFields;

export type ContactRow = CampaignContactRow & { externalId: string | null };

export type ExistingContactRow = Pick<ContactRow, "id" | "externalId" | "phone" | "firstName" | "lastName" | "timezone"> & { attributeKeys: string[] };

export type ContactUpsertRow = ContactRow & { organizationId: string; language: string | null };

export type AppointmentUpsertRow = { contactId: string; startsAt: Date; provider: string | null; location: string | null; status: string | null };

/** A saved contact's name or time zone that an import changed, as its report says it. */
export type ImportChange = { row: number; contactId: string; field: "name" | "timezone"; from: string | null; to: string; message: string };

/** Serialises imports per organisation for the rest of the transaction, so two uploads cannot race on a phone. */
export async function lockContactImportsForOrganization(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contact-import:${organizationId}`}))`);
}

export async function listContactsMatchingImport(
  db: DbOrTx,
  organizationId: string,
  keys: { externalIds: string[]; phones: string[] },
): Promise<ExistingContactRow[]> {
  return db
    .select({
      id: contacts.id,
      externalId: contacts.externalId,
      phone: contacts.phone,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      timezone: contacts.timezone,
      attributeKeys: sql<string[]>`array(select jsonb_object_keys(${contacts.attributes}))`,
    })
    .from(contacts)
    .where(
      and(
        eq(contacts.organizationId, organizationId),
        or(sql`${contacts.externalId} in ${textListParam(keys.externalIds)}`, sql`${contacts.phone} in ${textListParam(keys.phones)}`),
      ),
    );
}

const keepWhenNull = (column: string) => sql.raw(`coalesce(excluded.${column}, "contacts"."${column}")`);

/**
 * Inserts new contacts and updates existing ones (rows carrying an existing id) in multi-row statements. A
 * null value leaves the stored one in place, and attributes are merged key by key, so a file that lacks a
 * column never wipes what an earlier import stored.
 */
export async function upsertContacts(db: DbOrTx, rows: readonly ContactUpsertRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += WRITE_BATCH_SIZE) {
    await db
      .insert(contacts)
      .values(rows.slice(start, start + WRITE_BATCH_SIZE))
      .onConflictDoUpdate({
        target: contacts.id,
        set: {
          externalId: keepWhenNull("external_id"),
          firstName: keepWhenNull("first_name"),
          lastName: keepWhenNull("last_name"),
          phone: sql.raw("excluded.phone"),
          email: keepWhenNull("email"),
          timezone: keepWhenNull("timezone"),
          language: keepWhenNull("language"),
          attributes: sql.raw(`"contacts"."attributes" || excluded.attributes`),
          updatedAt: sql`now()`,
        },
        setWhere: sql.raw(`"contacts"."organization_id" = excluded.organization_id`),
      });
  }
}

/** One appointment per (contact, start): a re-import updates provider and location instead of adding a row. */
export async function upsertAppointments(db: DbOrTx, rows: readonly AppointmentUpsertRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += WRITE_BATCH_SIZE) {
    await db
      .insert(appointments)
      .values(rows.slice(start, start + WRITE_BATCH_SIZE))
      .onConflictDoUpdate({
        target: [appointments.contactId, appointments.startsAt],
        set: {
          provider: sql.raw(`coalesce(excluded.provider, "appointments"."provider")`),
          location: sql.raw(`coalesce(excluded.location, "appointments"."location")`),
          status: sql.raw(`coalesce(excluded.status, "appointments"."status")`),
        },
      });
  }
}

/**
 * The file is the clinic's schedule for the contacts it gives appointments for: their upcoming appointments
 * that the file no longer lists (moved or cancelled) are deleted. Returns the contacts that lost one.
 */
export async function deleteUpcomingAppointmentsNotIn(db: DbOrTx, kept: readonly AppointmentUpsertRow[], now: Date): Promise<string[]> {
  const changed = new Set<string>();
  const contactIds = [...new Set(kept.map((a) => a.contactId))];
  for (let start = 0; start < contactIds.length; start += WRITE_BATCH_SIZE) {
    const batch = new Set(contactIds.slice(start, start + WRITE_BATCH_SIZE));
    const keep = kept.filter((a) => batch.has(a.contactId)).map((a) => ({ c: a.contactId, s: a.startsAt.toISOString() }));
    const result = await db.execute(sql`
      delete from appointments a
      where a.contact_id in ${uuidListParam([...batch])} and a.starts_at >= ${now.toISOString()}::timestamptz
        and not exists (
          select 1 from json_to_recordset(${JSON.stringify(keep)}::json) as k(c uuid, s timestamptz)
          where k.c = a.contact_id and k.s = a.starts_at)
      returning a.contact_id as "contactId"`);
    for (const row of rowsOf<{ contactId: string }>(result)) changed.add(row.contactId);
  }
  return [...changed];
}

export async function insertContactImport(
  db: DbOrTx,
  input: {
    organizationId: string;
    fileName: string | null;
    rowsTotal: number;
    rowsCreated: number;
    rowsUpdated: number;
    rowsFailed: number;
    errors: { row: number; column?: string; message: string }[];
    changes: ImportChange[];
  },
): Promise<{ id: string }> {
  const [row] = await db.insert(contactImports).values(input).returning({ id: contactImports.id });
  if (!row) throw new Error("inserting a contact import returned no row");
  return row;
}

/**
 * True for a contact with an appointment starting in the range (`from <= starts_at < to`, the instants
 * resolveAppointmentWindow gives). `contactId` is the contact id column of the outer query. Served by the
 * (contact_id, starts_at) index.
 */
export function hasAppointmentBetween(contactId: SQL | typeof contacts.id, range: { from: Date; to: Date }): SQL {
  return sql`exists (
    select 1 from ${appointments} a
    where a.contact_id = ${contactId} and a.starts_at >= ${range.from.toISOString()}::timestamptz and a.starts_at < ${range.to.toISOString()}::timestamptz)`;
}

/** The statuses never reminded, as an SQL list (constants, so inlined). */
const NOT_REMINDED = sql.raw(`(${NOT_REMINDED_STATUSES.map((s) => `'${s}'`).join(", ")})`);

/** An appointment that will be reminded: no status, or one that is not cancelled, broken, no-show or completed. */
const remindedAppointment = sql`(a.status is null or a.status not in ${NOT_REMINDED})`;

/**
 * True for a contact with appointments from `from` on of which none will be reminded (all cancelled,
 * broken, no-show or completed): a campaign leaves such a contact out. A contact without upcoming
 * appointments is not left out. `contactId` is the outer query's contact id column.
 */
export function hasNoRemindedAppointment(contactId: SQL, from: Date): SQL {
  const since = sql`${from.toISOString()}::timestamptz`;
  return sql`(exists (select 1 from ${appointments} a where a.contact_id = ${contactId} and a.starts_at >= ${since} and a.status in ${NOT_REMINDED})
    and not exists (select 1 from ${appointments} a where a.contact_id = ${contactId} and a.starts_at >= ${since} and ${remindedAppointment}))`;
}

/** The status of the contact's first appointment from `from` on that will not be reminded (the reason it is left out). */
export function firstNotRemindedStatus(contactId: SQL, from: Date): SQL {
  return sql`(select a.status from ${appointments} a where a.contact_id = ${contactId} and a.starts_at >= ${from.toISOString()}::timestamptz
    and a.status in ${NOT_REMINDED} order by a.starts_at limit 1)`;
}

/**
 * The contact's next appointment from `from` on, as a lateral join (`left join lateral … on true`) adding
 * the columns "appointmentStartsAtMs" (epoch milliseconds; null: none), "appointmentProvider" and
 * "appointmentLocation" to the outer query: what getNextAppointments gives, inside a query that walks many
 * contacts. `contactId` is the outer query's contact id column. Served by the (contact_id, starts_at) index.
 */
export function nextAppointmentJoin(contactId: SQL, from: Date): SQL {
  return sql`left join lateral (
    select (extract(epoch from a.starts_at) * 1000)::float8 as "appointmentStartsAtMs", a.provider as "appointmentProvider", a.location as "appointmentLocation"
    from ${appointments} a
    where a.contact_id = ${contactId} and a.starts_at >= ${from.toISOString()}::timestamptz and ${remindedAppointment}
    order by a.starts_at
    limit 1) next_appointment on true`;
}

/** The columns nextAppointmentJoin adds. */
export type NextAppointmentColumns = { appointmentStartsAtMs: number | null; appointmentProvider: string | null; appointmentLocation: string | null };

/** nextAppointmentJoin's columns of a row, as its NextAppointment (null: none). */
export function toNextAppointment(row: NextAppointmentColumns): NextAppointment | null {
  if (row.appointmentStartsAtMs === null) return null;
  return { startsAt: new Date(Number(row.appointmentStartsAtMs)), provider: row.appointmentProvider, location: row.appointmentLocation };
}

/**
 * True for a contact whose number is on the organisation's do-not-call list. `contact` is the outer query's
 * contacts table (or alias). Served by the do_not_call primary key (organization_id, phone).
 */
export function isOptedOut(contact: { organizationId: SQL | typeof contacts.organizationId; phone: SQL | typeof contacts.phone }): SQL {
  return sql`exists (select 1 from ${doNotCall} d where d.organization_id = ${contact.organizationId} and d.phone = ${contact.phone})`;
}

/**
 * True for a member of the list, and with `range` only for one with an appointment in it: the "list"
 * recipient choice, as a condition on the outer query's contact id (schedules reuse it).
 */
export function isInList(contactId: SQL | typeof contacts.id, selection: { listId: string; range?: { from: Date; to: Date } }): SQL {
  const member = sql`exists (select 1 from ${contactListMembers} m where m.list_id = ${selection.listId} and m.contact_id = ${contactId})`;
  return selection.range === undefined ? member : sql`${member} and ${hasAppointmentBetween(contactId, selection.range)}`;
}

/** What narrows a query of contacts; `appointments` is a resolved appointment window. */
export type ContactFilter = { search?: string; appointments?: { from: Date; to: Date }; listId?: string };

function contactCondition(organizationId: string, filter: ContactFilter): SQL | undefined {
  return and(
    eq(contacts.organizationId, organizationId),
    searchCondition(filter.search),
    filter.appointments === undefined ? undefined : hasAppointmentBetween(contacts.id, filter.appointments),
    filter.listId === undefined ? undefined : isInList(contacts.id, { listId: filter.listId }),
  );
}

/** Each order matches an index of contacts (contacts_org_name_idx, contacts_org_created_idx) column for column. */
const SORT_ORDER: Record<ContactSort, SQL[]> = {
  name: [sql`${contacts.lastName} asc`, sql`${contacts.firstName} asc`, asc(contacts.id)],
  "-name": [sql`${contacts.lastName} desc`, sql`${contacts.firstName} desc`, desc(contacts.id)],
  created: [asc(contacts.createdAt), asc(contacts.id)],
  "-created": [desc(contacts.createdAt), desc(contacts.id)],
};

/**
 * Latin letters with accents (Latin-1 and Latin Extended-A, both cases) and the plain letter each stands
 * for: Postgres's translate() with these makes "Müller" compare as "muller" on both drivers (PGlite has no
 * unaccent extension, and lower() under the C locale leaves "Ü" as it is).
 */
const [ACCENTED, PLAIN] = (() => {
  let from = "";
  let to = "";
  for (let cp = 0xc0; cp <= 0x17f; cp++) {
    const ch = String.fromCodePoint(cp);
    const base = ch.normalize("NFD").replace(/\p{M}+/gu, "");
    if (base !== ch && /^[A-Za-z]$/.test(base)) [from, to] = [from + ch, to + base.toLowerCase()];
  }
  return [from, to];
})();

/** A search term as the names are compared: lower case, accents dropped ("Müller" → "muller"). */
export function foldForSearch(term: string): string {
  return term.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

const folded = (value: SQL) => sql`lower(translate(${value}, ${ACCENTED}, ${PLAIN}))`;

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim();
  if (!term) return undefined;
  // lower() … like is about twice as fast as ilike on PGlite's 50,000-row scan (there is no pg_trgm index to use).
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const namePattern = `%${foldForSearch(term).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Phones are stored as E.164, so "555-0101" or "(512) 555" must be compared digit to digit.
  const digits = /^[\d\s()+.-]+$/.test(term) ? term.replace(/\D/g, "") : "";
  return or(
    like(folded(sql`coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')`), namePattern),
    like(sql`lower(${contacts.email})`, pattern),
    like(sql`lower(${contacts.externalId})`, pattern),
    digits.length >= 3 ? like(contacts.phone, `%${digits}%`) : /[+\d]/.test(term) ? like(contacts.phone, pattern) : undefined,
  );
}

/** The contact fields a template can use (CampaignContactRow). */
const mergeColumns = {
  id: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  phone: contacts.phone,
  email: contacts.email,
  timezone: contacts.timezone,
  attributes: contacts.attributes,
};

export type ContactPageRow = ContactRow & { language: string | null; optedOut: boolean; createdAt: Date };

export async function listContactsPage(
  db: DbOrTx,
  organizationId: string,
  page: { limit: number; offset: number; sort?: ContactSort } & ContactFilter,
): Promise<ContactPageRow[]> {
  return db
    .select({ ...mergeColumns, externalId: contacts.externalId, language: contacts.language, createdAt: contacts.createdAt, optedOut: sql<boolean>`${isOptedOut(contacts)}` }) // not mapWith: see listColumns
    .from(contacts)
    .where(contactCondition(organizationId, page))
    .orderBy(...SORT_ORDER[page.sort ?? "name"])
    .limit(page.limit)
    .offset(page.offset);
}

export async function countContactsForOrganization(db: DbOrTx, organizationId: string, filter: ContactFilter = {}): Promise<number> {
  const [row] = await db.select({ total: count() }).from(contacts).where(contactCondition(organizationId, filter));
  return Number(row?.total ?? 0);
}

export async function listContactIdsForOrganization(db: DbOrTx, organizationId: string): Promise<string[]> {
  const rows = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.organizationId, organizationId)).orderBy(asc(contacts.createdAt), asc(contacts.id));
  return rows.map((row) => row.id);
}

/** Distinct custom attribute keys of the contacts a filter matches, sorted (the columns of an export). */
export async function listAttributeKeysForContacts(db: DbOrTx, organizationId: string, filter: ContactFilter): Promise<string[]> {
  const result = await db.execute(
    sql`select distinct jsonb_object_keys(${contacts.attributes}) as key from ${contacts} where ${contactCondition(organizationId, filter)} order by key`,
  );
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

export async function listAttributeKeysForOrganization(db: DbOrTx, organizationId: string): Promise<string[]> {
  const result = await db.execute(
    sql`select distinct jsonb_object_keys(${contacts.attributes}) as key from ${contacts} where ${contacts.organizationId} = ${organizationId} order by key`,
  );
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

/**
 * The next appointment at or after `now` for each contact that has one, in ONE query however many ids are
 * given (the list travels as a single parameter). Contacts without an upcoming appointment are absent, and
 * so are cancelled, broken, no-show and completed appointments: they are never said in a message.
 */
export async function getNextAppointments(db: DbOrTx, contactIds: readonly string[], now: Date = new Date()): Promise<Map<string, NextAppointment>> {
  const result = new Map<string, NextAppointment>();
  if (contactIds.length === 0) return result;
  const rows = await db
    .selectDistinctOn([appointments.contactId], {
      contactId: appointments.contactId,
      startsAt: appointments.startsAt,
      provider: appointments.provider,
      location: appointments.location,
    })
    .from(appointments)
    .where(
      and(
        sql`${appointments.contactId} in ${uuidListParam(contactIds)}`,
        gte(appointments.startsAt, now),
        sql`(${appointments.status} is null or ${appointments.status} not in ${NOT_REMINDED})`,
      ),
    )
    .orderBy(appointments.contactId, appointments.startsAt);
  for (const row of rows) result.set(row.contactId, { startsAt: row.startsAt, provider: row.provider, location: row.location });
  return result;
}

/** Merge-ready contacts of one organisation, in ONE query however many ids are given; unknown ids are skipped. */
export async function getContactsForCampaign(db: DbOrTx, organizationId: string, contactIds: readonly string[]): Promise<CampaignContactRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select(mergeColumns)
    .from(contacts)
    .where(and(eq(contacts.organizationId, organizationId), sql`${contacts.id} in ${uuidListParam(contactIds)}`))
    .orderBy(asc(contacts.id));
}

/**
 * Contacts of one organisation with an appointment in the range (the condition every window uses), at most
 * `limit` of them; with `listId`, only the members of that list (the caller checks the list is the organisation's).
 */
export async function listContactIdsWithAppointmentBetween(
  db: DbOrTx,
  organizationId: string,
  window: { from: Date; to: Date; listId?: string },
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        eq(contacts.organizationId, organizationId),
        hasAppointmentBetween(contacts.id, window),
        window.listId === undefined ? undefined : isInList(contacts.id, { listId: window.listId }),
      ),
    )
    .orderBy(asc(contacts.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export type ContactDetailRow = ContactPageRow & { updatedAt: Date };

export async function getContact(db: DbOrTx, organizationId: string, id: string): Promise<ContactDetailRow | null> {
  const [row] = await db
    .select({ ...mergeColumns, externalId: contacts.externalId, language: contacts.language, createdAt: contacts.createdAt, updatedAt: contacts.updatedAt, optedOut: sql<boolean>`${isOptedOut(contacts)}` })
    .from(contacts)
    .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
  return row ?? null;
}

export async function updateContactRow(
  db: DbOrTx,
  organizationId: string,
  id: string,
  values: Partial<Pick<ContactRow, "firstName" | "lastName" | "phone" | "email" | "timezone">>,
): Promise<boolean> {
  const rows = await db
    .update(contacts)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)))
    .returning({ id: contacts.id });
  return rows.length > 0;
}

/** Deletes the organisation's contacts among `ids`; appointments, list memberships and recipient rows go with them (cascade). */
export async function deleteContactRows(db: DbOrTx, organizationId: string, ids: readonly string[]): Promise<number> {
  const rows = await db
    .delete(contacts)
    .where(and(eq(contacts.organizationId, organizationId), sql`${contacts.id} in ${uuidListParam(ids)}`))
    .returning({ id: contacts.id });
  return rows.length;
}

export type AppointmentRow = {
  id: string;
  startsAt: Date;
  provider: string | null;
  location: string | null;
  status: string | null;
  /** What the patient answered on a reminder call (key 1 or 2); null when nobody answered by key. */
  callAnswer: "confirmed" | "cancel_requested" | null;
  callAnsweredAt: Date | null;
};

/** Every appointment of a contact, soonest first (past and upcoming). */
export async function listAppointmentsOfContact(db: DbOrTx, contactId: string): Promise<AppointmentRow[]> {
  return db
    .select({
      id: appointments.id,
      startsAt: appointments.startsAt,
      provider: appointments.provider,
      location: appointments.location,
      status: appointments.status,
      callAnswer: appointments.callAnswer,
      callAnsweredAt: appointments.callAnsweredAt,
    })
    .from(appointments)
    .where(eq(appointments.contactId, contactId))
    .orderBy(asc(appointments.startsAt));
}

export type OptOutRow = { phone: string; reason: string | null; source: string; setByUserId: string | null; setByName: string | null; createdAt: Date };

export async function getDoNotCall(db: DbOrTx, organizationId: string, phone: string): Promise<OptOutRow | null> {
  const result = await db.execute(sql`
    select d.phone, d.reason, d.source, d.set_by_user_id as "setByUserId", u.name as "setByName", d.created_at as "createdAt"
    from ${doNotCall} d left join users u on u.id = d.set_by_user_id
    where d.organization_id = ${organizationId} and d.phone = ${phone}`);
  const [row] = rowsOf<OptOutRow & { createdAt: Date | string }>(result);
  return row ? { ...row, createdAt: new Date(row.createdAt) } : null;
}

export type DoNotCallInsertRow = {
  organizationId: string;
  phone: string;
  reason: string | null;
  source: "manual" | "import" | "file" | "api" | "call";
  setByUserId: string | null;
  batchId?: string | null;
};

/**
 * A number's own opt-out (by hand, or one contact through the API): on the list from now on, and never
 * part of a batch, so undoing a bulk opt-out that added the same number earlier leaves it on the list.
 */
export async function claimDoNotCall(db: DbOrTx, row: Omit<DoNotCallInsertRow, "batchId">): Promise<void> {
  await db
    .insert(doNotCall)
    .values({ ...row, batchId: null })
    .onConflictDoUpdate({
      target: [doNotCall.organizationId, doNotCall.phone],
      set: { batchId: null, source: row.source, setByUserId: row.setByUserId, reason: sql`coalesce(excluded.reason, ${doNotCall.reason})` },
      setWhere: sql`${doNotCall.batchId} is not null`,
    });
}

/** How many of these numbers are on the organisation's do-not-call list already. */
export async function countDoNotCallPhones(db: DbOrTx, organizationId: string, phones: readonly string[]): Promise<number> {
  let n = 0;
  for (let start = 0; start < phones.length; start += WRITE_BATCH_SIZE) {
    const [row] = await db
      .select({ n: count() })
      .from(doNotCall)
      .where(and(eq(doNotCall.organizationId, organizationId), sql`${doNotCall.phone} in ${textListParam(phones.slice(start, start + WRITE_BATCH_SIZE))}`));
    n += Number(row?.n ?? 0);
  }
  return n;
}

export type DoNotCallBatchRow = typeof doNotCallBatches.$inferSelect;

export async function insertDoNotCallBatch(
  db: DbOrTx,
  values: Pick<DoNotCallBatchRow, "organizationId" | "source" | "fileName" | "numbers" | "createdByUserId">,
): Promise<string> {
  const [row] = await db.insert(doNotCallBatches).values({ ...values, added: 0 }).returning({ id: doNotCallBatches.id });
  if (!row) throw new Error("inserting a do-not-call batch returned no row");
  return row.id;
}

export async function setDoNotCallBatchAdded(db: DbOrTx, id: string, added: number): Promise<void> {
  await db.update(doNotCallBatches).set({ added }).where(eq(doNotCallBatches.id, id));
}

/** The organisation's latest bulk opt-outs, newest first. */
export function listDoNotCallBatchRows(db: DbOrTx, organizationId: string, limit: number): Promise<DoNotCallBatchRow[]> {
  return db
    .select()
    .from(doNotCallBatches)
    .where(eq(doNotCallBatches.organizationId, organizationId))
    .orderBy(desc(doNotCallBatches.createdAt), desc(doNotCallBatches.id))
    .limit(limit);
}

/**
 * Takes the batch's numbers off the list (only the rows it added and nobody has claimed since) and marks it
 * undone, once: a second undo finds it undone and removes nothing. Null when the batch is not the organisation's.
 */
export async function undoDoNotCallBatchRows(db: DbOrTx, organizationId: string, id: string, userId: string | null): Promise<DoNotCallBatchRow | null> {
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(doNotCallBatches)
      .where(and(eq(doNotCallBatches.organizationId, organizationId), eq(doNotCallBatches.id, id)))
      .for("update");
    if (!batch) return null;
    if (batch.undoneAt) return batch;
    const removed = await tx
      .delete(doNotCall)
      .where(and(eq(doNotCall.organizationId, organizationId), eq(doNotCall.batchId, id)))
      .returning({ phone: doNotCall.phone });
    const [undone] = await tx
      .update(doNotCallBatches)
      .set({ undoneAt: new Date(), undoneByUserId: userId, removed: removed.length })
      .where(eq(doNotCallBatches.id, id))
      .returning();
    return undone ?? null;
  });
}

/** Adds numbers to the do-not-call list; a number already on it keeps its first date, reason and author. Returns how many were new. */
export async function insertDoNotCall(db: DbOrTx, rows: readonly DoNotCallInsertRow[]): Promise<number> {
  let added = 0;
  for (let start = 0; start < rows.length; start += WRITE_BATCH_SIZE) {
    const inserted = await db
      .insert(doNotCall)
      .values(rows.slice(start, start + WRITE_BATCH_SIZE))
      .onConflictDoNothing()
      .returning({ phone: doNotCall.phone });
    added += inserted.length;
  }
  return added;
}

export async function deleteDoNotCall(db: DbOrTx, organizationId: string, phone: string): Promise<boolean> {
  const rows = await db
    .delete(doNotCall)
    .where(and(eq(doNotCall.organizationId, organizationId), eq(doNotCall.phone, phone)))
    .returning({ phone: doNotCall.phone });
  return rows.length > 0;
}

/** How many of these numbers belong to a contact of the organisation. */
export async function countContactsWithPhones(db: DbOrTx, organizationId: string, phones: readonly string[]): Promise<number> {
  if (phones.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.organizationId, organizationId), sql`${contacts.phone} in ${textListParam(phones)}`));
  return Number(row?.n ?? 0);
}

export type ListRow = { id: string; name: string; members: number; createdAt: Date; updatedAt: Date };

const listColumns = {
  id: contactLists.id,
  name: contactLists.name,
  createdAt: contactLists.createdAt,
  updatedAt: contactLists.updatedAt,
  // No mapWith: drizzle would then render the outer column unqualified inside the subquery.
  members: sql<number>`(select count(*)::int from ${contactListMembers} m where m.list_id = ${contactLists.id})`,
};

export async function listListsOfOrganization(db: DbOrTx, organizationId: string, limit: number): Promise<ListRow[]> {
  return db.select(listColumns).from(contactLists).where(eq(contactLists.organizationId, organizationId)).orderBy(asc(contactLists.name)).limit(limit);
}

export async function countListsOfOrganization(db: DbOrTx, organizationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(contactLists).where(eq(contactLists.organizationId, organizationId));
  return Number(row?.n ?? 0);
}

/** Serialises list creation per organisation for the rest of the transaction, so two requests cannot both take the last place. */
export async function lockListsOfOrganization(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`contact-lists:${organizationId}`}))`);
}

export async function getList(db: DbOrTx, organizationId: string, id: string): Promise<ListRow | null> {
  const [row] = await db.select(listColumns).from(contactLists).where(and(eq(contactLists.organizationId, organizationId), eq(contactLists.id, id)));
  return row ?? null;
}

export async function getListByName(db: DbOrTx, organizationId: string, name: string): Promise<{ id: string } | null> {
  const [row] = await db
    .select({ id: contactLists.id })
    .from(contactLists)
    .where(and(eq(contactLists.organizationId, organizationId), sql`lower(${contactLists.name}) = lower(${name})`));
  return row ?? null;
}

/** Inserts a list, or returns null when the organisation already has one of that name. */
export async function insertList(db: DbOrTx, organizationId: string, name: string): Promise<{ id: string } | null> {
  const [row] = await db.insert(contactLists).values({ organizationId, name }).onConflictDoNothing().returning({ id: contactLists.id });
  return row ?? null;
}

/** Renames a list of the organisation: "missing" when there is none with that id, "taken" when the name is. */
export async function renameListRow(db: DbOrTx, organizationId: string, id: string, name: string): Promise<"renamed" | "missing" | "taken"> {
  const other = await getListByName(db, organizationId, name);
  if (other && other.id !== id) return "taken";
  const rows = await db
    .update(contactLists)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(contactLists.organizationId, organizationId), eq(contactLists.id, id)))
    .returning({ id: contactLists.id });
  return rows.length > 0 ? "renamed" : "missing";
}

export async function deleteListRow(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db.delete(contactLists).where(and(eq(contactLists.organizationId, organizationId), eq(contactLists.id, id))).returning({ id: contactLists.id });
  return rows.length > 0;
}

/** Adds the organisation's contacts among `contactIds` to a list (others are skipped); returns how many joined. */
export async function insertListMembers(db: DbOrTx, organizationId: string, listId: string, contactIds: readonly string[]): Promise<number> {
  if (contactIds.length === 0) return 0;
  const result = await db.execute(sql`
    insert into ${contactListMembers} (list_id, contact_id)
    select ${listId}::uuid, c.id from ${contacts} c
    where c.organization_id = ${organizationId} and c.id in ${uuidListParam(contactIds)}
    on conflict do nothing
    returning contact_id`);
  return rowsOf(result).length;
}

export async function deleteListMembers(db: DbOrTx, listId: string, contactIds: readonly string[]): Promise<number> {
  const rows = await db
    .delete(contactListMembers)
    .where(and(eq(contactListMembers.listId, listId), sql`${contactListMembers.contactId} in ${uuidListParam(contactIds)}`))
    .returning({ contactId: contactListMembers.contactId });
  return rows.length;
}

export async function listListsOfContact(db: DbOrTx, contactId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: contactLists.id, name: contactLists.name })
    .from(contactListMembers)
    .innerJoin(contactLists, eq(contactLists.id, contactListMembers.listId))
    .where(eq(contactListMembers.contactId, contactId))
    .orderBy(asc(contactLists.name));
}

/**
 * Another domain's rows that each name a contact (a campaign's recipients), as the statements below join
 * them to contacts. Their owner writes these parts: `from` is its table with an alias (and any join its own
 * rules need), `id` the row's id, `contactId` its contact column, `where` which rows. Contacts writes the rest.
 */
export type ContactRecipients = { from: SQL; id: SQL; contactId: SQL; where: SQL };

/** A recipient choice with its appointment window resolved to instants. */
export type ContactSelection =
  | { mode: "all" }
  | { mode: "upcoming"; range: { from: Date; to: Date } }
  | { mode: "contacts"; contactIds: string[] }
  | { mode: "list"; listId: string; range?: { from: Date; to: Date } };

/** A recipient with the contact fields templates use. */
/** A campaign recipient with what its message is merged from; `language` is the contact's preferred language (the campaign walk reads it). */
export type RecipientContactRow = Omit<CampaignContactRow, "id"> & { recipientId: string; contactId: string; language?: string | null };

/** A recipient with the contact fields a recipient list shows, and the columns its owner asked for. */
export type RecipientContactListRow = {
  id: string;
  contactId: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string;
  timezone: string | null;
};

/** The recipient's contact is on its organisation's do-not-call list (`c` is the contacts alias). */
const recipientOptedOut = isOptedOut({ organizationId: sql`c.organization_id`, phone: sql`c.phone` });

/**
 * Inserts a row into `target.into` (a table and its columns) for each of the organisation's contacts the
 * selection matches: `target.value`, then the contact's id. Contacts of other organisations never match.
 * Returns how many rows it inserted.
 */
export async function insertRecipientsForContacts(
  db: DbOrTx,
  target: { into: SQL; value: SQL },
  organizationId: string,
  selection: ContactSelection,
): Promise<number> {
  const matching =
    selection.mode === "all"
      ? sql``
      : selection.mode === "upcoming"
        ? sql`and ${hasAppointmentBetween(sql`c.id`, selection.range)}`
        : selection.mode === "list"
          ? sql`and ${isInList(sql`c.id`, selection)}`
          : sql`and c.id in ${uuidListParam(selection.contactIds)}`;
  const result = await db.execute(sql`
    insert into ${target.into}
    select ${target.value}, c.id from contacts c
    where c.organization_id = ${organizationId} ${matching}
    returning id`);
  return rowsOf(result).length;
}

/** Recipients with the contact fields templates use, by name, less the do-not-call list. One query. */
export async function selectRecipientContacts(db: DbOrTx, recipients: ContactRecipients, limit?: number): Promise<RecipientContactRow[]> {
  const result = await db.execute(sql`
    select ${recipients.id} as "recipientId", c.id as "contactId", c.first_name as "firstName", c.last_name as "lastName",
           c.phone, c.email, c.timezone, c.attributes, c.language
    from ${recipients.from} join contacts c on c.id = ${recipients.contactId}
    where ${recipients.where} and not ${recipientOptedOut}
    order by c.last_name nulls last, c.first_name nulls last, c.id
    ${limit ? sql`limit ${limit}` : sql``}`);
  return rowsOf<RecipientContactRow>(result).map((r) => ({ ...r, attributes: parseAttributes(r.attributes) }));
}

/**
 * Recipients less the do-not-call list, a page at a time through a cursor named `recipient_walk` (see the
 * campaigns' walkRecipientContacts for why). `order` "contact" sorts by the recipients' contact column.
 */
export async function* walkRecipientContactPages(
  tx: DbOrTx,
  recipients: ContactRecipients,
  options: { order: "name" | "contact" | "phone"; pageSize: number; appointmentsFrom: Date | null; remindedOnly?: boolean },
): AsyncGenerator<(RecipientContactRow & { appointment: NextAppointment | null })[]> {
  const cursor = sql.raw("recipient_walk");
  const order =
    options.order === "name" ? sql`c.last_name nulls last, c.first_name nulls last, c.id` : options.order === "phone" ? sql`c.phone, c.id` : recipients.contactId;
  const from = options.appointmentsFrom;
  await tx.execute(sql`
    declare ${cursor} no scroll cursor for
    select ${recipients.id} as "recipientId", c.id as "contactId", c.first_name as "firstName", c.last_name as "lastName",
           c.phone, c.email, c.timezone, c.attributes, c.language
           ${from ? sql`, next_appointment.*` : sql``}
    from ${recipients.from} join contacts c on c.id = ${recipients.contactId}
    ${from ? nextAppointmentJoin(sql`c.id`, from) : sql``}
    where ${recipients.where} and not ${recipientOptedOut}
      ${options.remindedOnly ? sql`and not ${hasNoRemindedAppointment(sql`c.id`, new Date())}` : sql``}
    order by ${order}`);
  for (;;) {
    // Without `appointmentsFrom` the appointment columns are absent, and unread.
    const page = rowsOf<RecipientContactRow & NextAppointmentColumns>(await tx.execute(sql`fetch forward ${sql.raw(String(options.pageSize))} from ${cursor}`));
    if (page.length > 0) {
      yield page.map(({ appointmentStartsAtMs, appointmentProvider, appointmentLocation, ...r }) => ({
        ...r,
        attributes: parseAttributes(r.attributes),
        appointment: from ? toNextAppointment({ appointmentStartsAtMs, appointmentProvider, appointmentLocation }) : null,
      }));
    }
    if (page.length < options.pageSize) break;
  }
  await tx.execute(sql`close ${cursor}`);
}

/** How many recipients are on the do-not-call list. */
export async function countOptedOutRecipientContacts(db: DbOrTx, recipients: ContactRecipients): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from ${recipients.from} join contacts c on c.id = ${recipients.contactId}
      where ${recipients.where} and ${recipientOptedOut}`),
  );
  return Number(row?.n ?? 0);
}

/**
 * How many recipients (not on the do-not-call list) none of whose upcoming appointments will be reminded,
 * by the status of the first of them ("cancelled" → 2).
 */
export async function countNotRemindedRecipientContacts(db: DbOrTx, recipients: ContactRecipients): Promise<Map<string, number>> {
  const now = new Date();
  const rows = rowsOf<{ status: string; n: number }>(
    await db.execute(sql`
      select ${firstNotRemindedStatus(sql`c.id`, now)} as status, count(*)::int as n
      from ${recipients.from} join contacts c on c.id = ${recipients.contactId}
      where ${recipients.where} and not ${recipientOptedOut} and ${hasNoRemindedAppointment(sql`c.id`, now)}
      group by 1`),
  );
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** How many recipients not on the do-not-call list each group (e.g. each campaign, by `groupBy`) has. */
export async function countCallableRecipientContacts(db: DbOrTx, recipients: ContactRecipients & { groupBy: SQL }): Promise<Map<string, number>> {
  const rows = rowsOf<{ g: string; n: number }>(
    await db.execute(sql`
      select ${recipients.groupBy} as g, count(*)::int as n from ${recipients.from} join contacts c on c.id = ${recipients.contactId}
      where ${recipients.where} and not ${recipientOptedOut}
      group by 1`),
  );
  return new Map(rows.map((r) => [String(r.g), Number(r.n)]));
}

/** Deletes the recipients on the do-not-call list from their own table (`from` without joins); returns how many. */
export async function deleteOptedOutRecipientContacts(db: DbOrTx, recipients: ContactRecipients): Promise<number> {
  const result = await db.execute(sql`
    delete from ${recipients.from} using contacts c
    where ${recipients.where} and c.id = ${recipients.contactId} and ${recipientOptedOut}
    returning ${recipients.id}`);
  return rowsOf(result).length;
}

/** Recipients with the fields a recipient list shows, then `columns` of their own, by name; a page or all. */
export async function selectRecipientContactRows<T extends object>(
  db: DbOrTx,
  recipients: ContactRecipients & { columns: SQL },
  page: { limit: number; offset: number } | null,
): Promise<(RecipientContactListRow & T)[]> {
  const result = await db.execute(sql`
    select ${recipients.id}, c.id as "contactId", c.external_id as "externalId", c.first_name as "firstName", c.last_name as "lastName",
      c.phone, c.timezone, ${recipients.columns}
    from ${recipients.from}
    join contacts c on c.id = ${recipients.contactId}
    where ${recipients.where}
    order by c.last_name nulls last, c.first_name nulls last, ${recipients.id}
    ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`);
  return rowsOf<RecipientContactListRow & T>(result);
}

/** `columns` of the recipients' own, then their contacts' names and numbers, by name. */
export async function selectRecipientContactNames<T extends object>(
  db: DbOrTx,
  recipients: ContactRecipients & { columns: SQL },
): Promise<(T & { firstName: string | null; lastName: string | null; phone: string })[]> {
  const result = await db.execute(sql`
    select ${recipients.columns}, c.first_name as "firstName", c.last_name as "lastName", c.phone
    from ${recipients.from}
    join contacts c on c.id = ${recipients.contactId}
    where ${recipients.where}
    order by c.last_name nulls last, c.first_name nulls last, ${recipients.id}`);
  return rowsOf<T & { firstName: string | null; lastName: string | null; phone: string }>(result);
}

function parseAttributes(value: unknown): Record<string, string> {
  // postgres.js hands jsonb back parsed; be tolerant of a string too.
  if (typeof value === "string") return JSON.parse(value) as Record<string, string>;
  return (value ?? {}) as Record<string, string>;
}

export type ImportMappingRow = { columns: Record<string, string>; phoneOrder: string[] };

/** The mapping the organisation chose for files with this header row, if any. */
export async function getImportMapping(db: DbOrTx, organizationId: string, headersKey: string): Promise<ImportMappingRow | null> {
  const [row] = await db
    .select({ columns: importMappings.columns, phoneOrder: importMappings.phoneOrder })
    .from(importMappings)
    .where(and(eq(importMappings.organizationId, organizationId), eq(importMappings.headersKey, headersKey)));
  return row ?? null;
}

/** Remembers a mapping for a header row; a later choice for the same headers replaces it. */
export async function saveImportMapping(db: DbOrTx, organizationId: string, headersKey: string, mapping: ImportMappingRow): Promise<void> {
  await db
    .insert(importMappings)
    .values({ organizationId, headersKey, ...mapping })
    .onConflictDoUpdate({ target: [importMappings.organizationId, importMappings.headersKey], set: { ...mapping, updatedAt: new Date() } });
}

/**
 * Records a patient's answer on the contact's next appointment at or after `from` (the one a reminder is
 * about). The appointment's id, or null when the contact has no upcoming appointment.
 */
export async function setNextAppointmentAnswer(db: DbOrTx, contactId: string, answer: "confirmed" | "cancel_requested", from: Date, at: Date): Promise<string | null> {
  const result = await db.execute(sql`
    update appointments set call_answer = ${answer}, call_answered_at = ${at.toISOString()}::timestamptz
    where id = (select id from appointments where contact_id = ${contactId} and starts_at >= ${from.toISOString()}::timestamptz order by starts_at limit 1)
    returning id`);
  return rowsOf<{ id: string }>(result)[0]?.id ?? null;
}

/** Which of these numbers are on the organisation's do-not-call list. */
export async function listDoNotCallPhones(db: DbOrTx, organizationId: string, phones: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < phones.length; start += WRITE_BATCH_SIZE) {
    const rows = await db
      .select({ phone: doNotCall.phone })
      .from(doNotCall)
      .where(and(eq(doNotCall.organizationId, organizationId), sql`${doNotCall.phone} in ${textListParam(phones.slice(start, start + WRITE_BATCH_SIZE))}`));
    for (const r of rows) found.add(r.phone);
  }
  return found;
}
