import { and, asc, count, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { rowsOf, textListParam, uuidListParam } from "@/lib/db";
import { appointments, contactImports, contacts } from "@/drizzle/schema";
import type { ContactFields } from "./schemas";

/** Rows per multi-row statement: ~10 parameters a row stays far below Postgres's 65,535-parameter cap. */
export const WRITE_BATCH_SIZE = 500;

export type NextAppointment = { startsAt: Date; provider: string | null; location: string | null };

export type CampaignContactRow = { id: string } & ContactFields;

export type ContactRow = CampaignContactRow & { externalId: string | null };

export type ExistingContactRow = Pick<ContactRow, "id" | "externalId" | "phone" | "firstName" | "lastName">;

export type ContactUpsertRow = ContactRow & { organizationId: string };

export type AppointmentUpsertRow = { contactId: string; startsAt: Date; provider: string | null; location: string | null };

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
    .select({ id: contacts.id, externalId: contacts.externalId, phone: contacts.phone, firstName: contacts.firstName, lastName: contacts.lastName })
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
  },
): Promise<{ id: string }> {
  const [row] = await db.insert(contactImports).values(input).returning({ id: contactImports.id });
  if (!row) throw new Error("inserting a contact import returned no row");
  return row;
}

/**
 * True for a contact with an appointment starting between now and `withinDays` days from now (the database's
 * clock). `contactId` is the contact id column of the outer query. Served by the (contact_id, starts_at) index.
 */
export function hasUpcomingAppointment(contactId: SQL | typeof contacts.id, withinDays: number): SQL {
  return sql`exists (
    select 1 from ${appointments} a
    where a.contact_id = ${contactId} and a.starts_at >= now() and a.starts_at < now() + make_interval(days => ${withinDays}::int))`;
}

export type ContactFilter = { search?: string; upcomingWithinDays?: number };

function contactCondition(organizationId: string, filter: ContactFilter): SQL | undefined {
  return and(
    eq(contacts.organizationId, organizationId),
    searchCondition(filter.search),
    filter.upcomingWithinDays === undefined ? undefined : hasUpcomingAppointment(contacts.id, filter.upcomingWithinDays),
  );
}

function searchCondition(search: string | undefined): SQL | undefined {
  const term = search?.trim();
  if (!term) return undefined;
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Phones are stored as E.164, so "555-0101" or "(512) 555" must be compared digit to digit.
  const digits = /^[\d\s()+.-]+$/.test(term) ? term.replace(/\D/g, "") : "";
  return or(
    ilike(sql`coalesce(${contacts.firstName}, '') || ' ' || coalesce(${contacts.lastName}, '')`, pattern),
    ilike(contacts.phone, pattern),
    digits.length >= 3 ? ilike(contacts.phone, `%${digits}%`) : undefined,
    ilike(contacts.email, pattern),
    ilike(contacts.externalId, pattern),
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

export async function listContactsPage(
  db: DbOrTx,
  organizationId: string,
  page: { limit: number; offset: number } & ContactFilter,
): Promise<ContactRow[]> {
  return db
    .select({ ...mergeColumns, externalId: contacts.externalId })
    .from(contacts)
    .where(contactCondition(organizationId, page))
    .orderBy(sql`${contacts.lastName} asc nulls last`, sql`${contacts.firstName} asc nulls last`, asc(contacts.id))
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

export async function listAttributeKeysForOrganization(db: DbOrTx, organizationId: string): Promise<string[]> {
  const result = await db.execute(
    sql`select distinct jsonb_object_keys(${contacts.attributes}) as key from ${contacts} where ${contacts.organizationId} = ${organizationId} order by key`,
  );
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

/**
 * The next appointment at or after `now` for each contact that has one, in ONE query however many ids are
 * given (the list travels as a single parameter). Contacts without an upcoming appointment are absent.
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
    .where(and(sql`${appointments.contactId} in ${uuidListParam(contactIds)}`, gte(appointments.startsAt, now)))
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

/** Contacts of one organisation with an appointment starting in [from, to), at most `limit` of them. */
export async function listContactIdsWithAppointmentBetween(db: DbOrTx, organizationId: string, from: Date, to: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: contacts.id })
    .from(contacts)
    .innerJoin(appointments, eq(appointments.contactId, contacts.id))
    .where(and(eq(contacts.organizationId, organizationId), gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
    .orderBy(asc(contacts.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
