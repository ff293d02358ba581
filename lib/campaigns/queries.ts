import { and, asc, count, desc, eq, gt, inArray, isNotNull, max, sql, type SQL } from "drizzle-orm";
import {
  countNotRemindedRecipientContacts,
  countOptedOutRecipientContacts,
  deleteOptedOutRecipientContacts,
  insertRecipientsForContacts,
  countCallableRecipientContacts,
  selectRecipientContactNames,
  selectRecipientContactRows,
  selectRecipientContacts,
  walkRecipientContactPages,
  type ContactRecipients,
  type ContactSelection,
  type NextAppointment,
  type RecipientContactListRow,
  type RecipientContactRow,
} from "@/lib/contacts";
import { rowsOf, textListParam, uuidListParam, type DbOrTx } from "@/lib/db";
import { countSegmentsByGroup, emptySegmentCounts, type SegmentCounts } from "@/lib/renders";
import { campaignEvents, campaignRecipients, campaigns, type CampaignStatus, type CampaignVersionRow, type MissingValuePolicy, type SharedNumberPolicy, type StoredRecipientSelection } from "@/drizzle/schema";

/**
 * Statements on `campaigns` and `campaign_recipients`, and the segment keys campaigns need (`campaign_segments`)
 * as subqueries other domains embed. Status changes, events and notifications are in progress.ts.
 */

const campaignColumns = {
  id: campaigns.id,
  organizationId: campaigns.organizationId,
  name: campaigns.name,
  template: campaigns.template,
  voice: campaigns.voice,
  speed: campaigns.speed,
  language: campaigns.language,
  versions: campaigns.versions,
  status: campaigns.status,
  recipientSelection: campaigns.recipientSelection,
  missingValues: campaigns.missingValues,
  sharedNumbers: campaigns.sharedNumbers,
  engine: campaigns.engine,
  modelVersion: campaigns.modelVersion,
  launchedAt: campaigns.launchedAt,
  finishedAt: campaigns.finishedAt,
  createdAt: campaigns.createdAt,
  updatedAt: campaigns.updatedAt,
};

export type CampaignRow = {
  id: string;
  organizationId: string;
  name: string;
  template: string;
  voice: string;
  speed: number;
  /** The language of `template` and `voice`: the main version. */
  language: string;
  /** The message in other languages. */
  versions: CampaignVersionRow[];
  status: CampaignStatus;
  recipientSelection: StoredRecipientSelection;
  missingValues: MissingValuePolicy;
  sharedNumbers: SharedNumberPolicy;
  engine: string | null;
  modelVersion: string | null;
  launchedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export async function getCampaign(db: DbOrTx, organizationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<CampaignRow | null> {
  const query = db
    .select(campaignColumns)
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, organizationId)));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/** The campaign a create request with this key made, if any. */
export async function getCampaignByCreationKey(db: DbOrTx, organizationId: string, creationKey: string): Promise<CampaignRow | null> {
  const [row] = await db
    .select(campaignColumns)
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.creationKey, creationKey)));
  return row ?? null;
}

export async function listCampaigns(db: DbOrTx, organizationId: string, limit = 100): Promise<CampaignRow[]> {
  return db.select(campaignColumns).from(campaigns).where(eq(campaigns.organizationId, organizationId)).orderBy(desc(campaigns.createdAt)).limit(limit);
}

export async function insertCampaign(
  db: DbOrTx,
  values: {
    organizationId: string;
    name: string;
    template: string;
    voice: string;
    speed: number;
    language?: string;
    versions?: CampaignVersionRow[];
    recipientSelection: StoredRecipientSelection;
    missingValues?: MissingValuePolicy;
    sharedNumbers?: SharedNumberPolicy;
    creationKey?: string;
  },
): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(values).returning(campaignColumns);
  if (!row) throw new Error("insert into campaigns returned no row");
  return row;
}

/** Changes a campaign's own fields; its status only ever changes in progress.ts. */
export async function updateCampaignRow(
  db: DbOrTx,
  id: string,
  values: Partial<Pick<CampaignRow, "name" | "template" | "voice" | "speed" | "language" | "versions" | "recipientSelection" | "missingValues" | "sharedNumbers">>,
): Promise<void> {
  await db.update(campaigns).set({ ...values, updatedAt: new Date() }).where(eq(campaigns.id, id));
}

/** A recipient choice with its appointment window resolved to instants (resolveAppointmentWindow). */
export type ResolvedRecipientSelection = ContactSelection;

/** Replaces a draft's recipients with the selection; contacts of other organisations are never matched. */
export async function replaceRecipients(db: DbOrTx, campaignId: string, organizationId: string, selection: ResolvedRecipientSelection): Promise<number> {
  await db.delete(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
  return insertRecipientsForContacts(db, { into: sql`campaign_recipients (campaign_id, contact_id)`, value: sql`${campaignId}::uuid` }, organizationId, selection);
}

export async function countRecipients(db: DbOrTx, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db
    .select({ campaignId: campaignRecipients.campaignId, n: count() })
    .from(campaignRecipients)
    .where(inArray(campaignRecipients.campaignId, campaignIds))
    .groupBy(campaignRecipients.campaignId);
  return new Map(rows.map((r) => [r.campaignId, Number(r.n)]));
}

/**
 * How many recipients each campaign calls. A draft's recipients on the do-not-call list stay until launch
 * leaves them out, so a draft does not count them; a launched campaign has only those it calls.
 */
export async function countRecipientsToCall(db: DbOrTx, rows: readonly { id: string; status: CampaignStatus }[]): Promise<Map<string, number>> {
  const drafts = rows.filter((r) => r.status === "draft").map((r) => r.id);
  const counts = await countRecipients(db, rows.filter((r) => r.status !== "draft").map((r) => r.id));
  if (drafts.length === 0) return counts;
  const draftCounts = await countCallableRecipientContacts(db, {
    from: sql`campaign_recipients cr`,
    id: sql`cr.id`,
    contactId: sql`cr.contact_id`,
    where: sql`cr.campaign_id in ${uuidListParam(drafts)}`,
    groupBy: sql`cr.campaign_id`,
  });
  for (const [campaignId, n] of draftCounts) counts.set(campaignId, n);
  return counts;
}

export type { RecipientContactRow };

/** A campaign's recipients, as contacts' statements join them (the alias `cr`). */
function recipientsOf(campaignId: string): ContactRecipients {
  return { from: sql`campaign_recipients cr`, id: sql`cr.id`, contactId: sql`cr.contact_id`, where: sql`cr.campaign_id = ${campaignId}` };
}

/**
 * A campaign's recipients with the contact fields templates use, in a stable order. One query. Contacts
 * on the do-not-call list are never among them: this is the one path plan and launch read recipients by,
 * whoever launches (the builder, the API, a schedule) and however the recipients were chosen.
 */
export async function listRecipientContacts(db: DbOrTx, campaignId: string, limit?: number): Promise<RecipientContactRow[]> {
  return selectRecipientContacts(db, recipientsOf(campaignId), limit);
}

/** A recipient with its contact's fields and, when asked for, its next appointment. */
export type RecipientWithAppointment = RecipientContactRow & { appointment: NextAppointment | null };

/**
 * A campaign's recipients (less the do-not-call list, as in listRecipientContacts), a page at a time through
 * a cursor: one query plan whatever their number, and only one page in memory. `order` is by name, as
 * listRecipientContacts orders them, or by contact id (no sort: the campaign and contact index gives it). With `appointmentsFrom`, each
 * comes with its next appointment from then on, joined in the same query (a lookup per page by a list of
 * ids makes Postgres scan every appointment for every page). A cursor lives in a transaction, so `tx` must
 * be one, with one walk at a time (the cursor has one name, so the statements stay the same prepared ones);
 * a walk left early leaves its cursor to close with the transaction.
 */
export function walkRecipientContacts(
  tx: DbOrTx,
  campaignId: string,
  options: { order: "name" | "contact" | "phone"; pageSize: number; appointmentsFrom: Date | null; remindedOnly?: boolean },
): AsyncGenerator<RecipientWithAppointment[]> {
  return walkRecipientContactPages(tx, recipientsOf(campaignId), options);
}

/** How many distinct segments and messages a launched campaign links. */
export async function countLaunchedPlan(db: DbOrTx, campaignId: string): Promise<{ distinctSegments: number; distinctMessages: number }> {
  const [row] = rowsOf<{ segments: number; messages: number }>(
    await db.execute(sql`
      select (select count(*)::int from campaign_segments where campaign_id = ${campaignId}) as segments,
             (select count(distinct message_key)::int from campaign_recipients where campaign_id = ${campaignId}) as messages`),
  );
  return { distinctSegments: Number(row!.segments), distinctMessages: Number(row!.messages) };
}

/** How many of a campaign's recipients are left out because their number is on the do-not-call list. */
export async function countOptedOutRecipients(db: DbOrTx, campaignId: string): Promise<number> {
  return countOptedOutRecipientContacts(db, recipientsOf(campaignId));
}

/**
 * How many of a campaign's recipients (not on the do-not-call list) are left out because none of their
 * upcoming appointments will be reminded, by the status of the first of them ("cancelled" → 2).
 */
export async function countNotRemindedRecipients(db: DbOrTx, campaignId: string): Promise<Map<string, number>> {
  return countNotRemindedRecipientContacts(db, recipientsOf(campaignId));
}

/** At launch: the recipients left out for do-not-call leave the campaign, so its history lists only who was called. */
export async function deleteOptedOutRecipients(db: DbOrTx, campaignId: string): Promise<number> {
  return deleteOptedOutRecipientContacts(db, recipientsOf(campaignId));
}

/**
 * At the end of a launch: the recipients its walk left out (their appointments will not take place, or
 * already have) are the ones no message was linked to; they leave the campaign like the do-not-call ones.
 */
export async function deleteUnlinkedRecipients(db: DbOrTx, campaignId: string): Promise<number> {
  const result = await db.execute(sql`delete from campaign_recipients where campaign_id = ${campaignId} and message_key is null returning id`);
  return rowsOf(result).length;
}

/** Each recipient's message key as launch set it (null before launch). */
export async function listRecipientMessageKeys(db: DbOrTx, campaignId: string): Promise<Map<string, string | null>> {
  const rows = await db.select({ id: campaignRecipients.id, messageKey: campaignRecipients.messageKey }).from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
  return new Map(rows.map((r) => [r.id, r.messageKey]));
}

/** What each of these recipients was last planned with: its message key and, with "together", whose message carries it. */
export async function listRecipientLinks(db: DbOrTx, campaignId: string, recipientIds: readonly string[]): Promise<Map<string, { messageKey: string | null; sharedWith: string | null }>> {
  const links = new Map<string, { messageKey: string | null; sharedWith: string | null }>();
  for (let i = 0; i < recipientIds.length; i += 5_000) {
    const rows = await db
      .select({ id: campaignRecipients.id, messageKey: campaignRecipients.messageKey, sharedWith: campaignRecipients.sharedWithRecipientId })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaignId), inArray(campaignRecipients.id, [...recipientIds.slice(i, i + 5_000)])));
    for (const r of rows) links.set(r.id, { messageKey: r.messageKey, sharedWith: r.sharedWith });
  }
  return links;
}

/** The organisation's launched, not canceled, campaigns that have any of these contacts as recipients. */
export async function listLaunchedCampaignsWithContacts(db: DbOrTx, organizationId: string, contactIds: readonly string[]): Promise<CampaignRow[]> {
  if (contactIds.length === 0) return [];
  const ids = new Set<string>();
  for (let i = 0; i < contactIds.length; i += 5_000) {
    const result = await db.execute(sql`
      select distinct cr.campaign_id as id from campaign_recipients cr
      join campaigns k on k.id = cr.campaign_id
      where k.organization_id = ${organizationId} and k.status in ('rendering', 'ready', 'partially_failed')
        and cr.contact_id in ${uuidListParam(contactIds.slice(i, i + 5_000))}`);
    for (const row of rowsOf<{ id: string }>(result)) ids.add(row.id);
  }
  if (ids.size === 0) return [];
  return db
    .select(campaignColumns)
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), inArray(campaigns.id, [...ids])))
    .orderBy(desc(campaigns.createdAt));
}

/** Takes recipients off a campaign (at launch, those its missing-value policy skips). */
export async function deleteRecipients(db: DbOrTx, campaignId: string, recipientIds: readonly string[]): Promise<void> {
  for (let i = 0; i < recipientIds.length; i += 5_000) {
    await db.execute(sql`delete from campaign_recipients where campaign_id = ${campaignId} and id in ${uuidListParam(recipientIds.slice(i, i + 5_000))}`);
  }
}

/**
 * Marks recipients spoken to in another recipient's message (`sharedWith`), or in their own (null): the
 * first are not called on their own. One statement per 10,000.
 */
export async function setRecipientsSharing(db: DbOrTx, links: readonly { recipientId: string; sharedWith: string | null }[]): Promise<void> {
  for (let i = 0; i < links.length; i += 10_000) {
    const batch = links.slice(i, i + 10_000).map((l) => ({ r: l.recipientId, s: l.sharedWith }));
    await db.execute(sql`
      update campaign_recipients cr set shared_with_recipient_id = x.s
      from json_to_recordset(${JSON.stringify(batch)}::json) as x(r uuid, s uuid)
      where cr.id = x.r`);
  }
}

/** Each recipient's message key and whose message it shares, as launch set them. */
export async function listRecipientSharing(db: DbOrTx, campaignId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .select({ id: campaignRecipients.id, sharedWith: campaignRecipients.sharedWithRecipientId })
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId));
  return new Map(rows.map((r) => [r.id, r.sharedWith]));
}

/**
 * Links each recipient to its message, in batches of one json parameter (one statement per page of a
 * launch): each message key once with the ids of its recipients, since a campaign has far fewer messages
 * than recipients.
 */
export async function setRecipientMessages(db: DbOrTx, links: readonly { recipientId: string; messageKey: string }[]): Promise<void> {
  for (let i = 0; i < links.length; i += 10_000) {
    const recipientsByMessage = new Map<string, string[]>();
    for (const { recipientId, messageKey } of links.slice(i, i + 10_000)) {
      const ids = recipientsByMessage.get(messageKey);
      if (ids) ids.push(recipientId);
      else recipientsByMessage.set(messageKey, [recipientId]);
    }
    const batch = [...recipientsByMessage].map(([m, r]) => ({ m, r }));
    await db.execute(sql`
      update campaign_recipients cr set message_key = x.m
      from (select x.m, unnest(x.r) as r from json_to_recordset(${JSON.stringify(batch)}::json) as x(m text, r uuid[])) x
      where cr.id = x.r`);
  }
}

/** Which of these segment keys a campaign of this organisation has used (its launched campaigns link them). */
export async function listSegmentKeysOfOrganization(db: DbOrTx, organizationId: string, segmentKeys: readonly string[]): Promise<Set<string>> {
  const used = new Set<string>();
  for (let i = 0; i < segmentKeys.length; i += 5_000) {
    const result = await db.execute(sql`
      select distinct cs.segment_key as key from campaign_segments cs
      join campaigns c on c.id = cs.campaign_id
      where c.organization_id = ${organizationId} and cs.segment_key in ${textListParam(segmentKeys.slice(i, i + 5_000))}`);
    for (const row of rowsOf<{ key: string }>(result)) used.add(row.key);
  }
  return used;
}

export async function copyRecipients(db: DbOrTx, fromCampaignId: string, toCampaignId: string): Promise<void> {
  await db.execute(sql`
    insert into campaign_recipients (campaign_id, contact_id)
    select ${toCampaignId}::uuid, contact_id from campaign_recipients where campaign_id = ${fromCampaignId}`);
}

/** The segment keys a campaign needs, as a subquery (`select segment_key …`). */
export function campaignSegmentKeys(campaignId: string): SQL {
  return sql`select segment_key from campaign_segments where campaign_id = ${campaignId}`;
}

/** The segment keys some rendering campaign still needs: what the dispatcher may lease. */
export function segmentKeysOfRenderingCampaigns(): SQL {
  return sql`select cs.segment_key from campaign_segments cs join campaigns k on k.id = cs.campaign_id where k.status = 'rendering'`;
}

/**
 * Which of these segments are already waiting or rendering for a campaign that is rendering: a time-left
 * estimate counts them once, in the queue ahead, and not again as new work of a plan.
 */
export async function listQueuedSegmentKeys(db: DbOrTx, segmentKeys: readonly string[]): Promise<Set<string>> {
  const queued = new Set<string>();
  for (let i = 0; i < segmentKeys.length; i += 5_000) {
    const result = await db.execute(sql`
      select s.key from segments s
      where s.status in ('queued', 'rendering') and s.key in ${textListParam(segmentKeys.slice(i, i + 5_000))}
        and s.key in (${segmentKeysOfRenderingCampaigns()})`);
    for (const row of rowsOf<{ key: string }>(result)) queued.add(row.key);
  }
  return queued;
}

/** Seconds since the oldest campaign still rendering was launched (the workers are busy since); null when none is. */
export async function getBusySeconds(db: DbOrTx): Promise<number | null> {
  const [row] = rowsOf<{ seconds: number | null }>(
    await db.execute(sql`select extract(epoch from now() - min(launched_at))::float as seconds from campaigns where status = 'rendering'`),
  );
  return row?.seconds ?? null;
}

export async function insertCampaignSegments(db: DbOrTx, campaignId: string, segmentKeys: readonly string[]): Promise<void> {
  for (let i = 0; i < segmentKeys.length; i += 5_000) {
    await db.execute(sql`
      insert into campaign_segments (campaign_id, segment_key)
      select ${campaignId}::uuid, value from ${textListParam(segmentKeys.slice(i, i + 5_000))} as keys
      on conflict do nothing`);
  }
}

/** Counts of a campaign's distinct segments by status. */
export async function countCampaignSegments(db: DbOrTx, campaignId: string): Promise<SegmentCounts> {
  const counts = await countSegmentsByGroup(
    db,
    sql`select campaign_id as group_id, segment_key from campaign_segments where campaign_id = ${campaignId}`,
  );
  return counts.get(campaignId) ?? emptySegmentCounts();
}

/** Segment counts by status for many campaigns at once (the list page's progress bars). */
export async function countSegmentsByCampaign(db: DbOrTx, campaignIds: string[]): Promise<Map<string, SegmentCounts>> {
  if (campaignIds.length === 0) return new Map();
  return countSegmentsByGroup(
    db,
    sql`select campaign_id as group_id, segment_key from campaign_segments where campaign_id in ${uuidListParam(campaignIds)}`,
  );
}

/** A recipient row with its contact's fields and message key, as lists and exports show it. */
export type RecipientListRow = RecipientContactListRow & {
  messageKey: string | null;
  /** The recipient whose message (and call) speaks to this one too; null: their own. */
  sharedWithRecipientId: string | null;
};

/** Which campaign, of which organisation (a campaign of another one matches nothing). */
export type CampaignScope = { organizationId: string; campaignId: string };
/** A page of a list; null means all of it. */
export type ListPage = { limit: number; offset: number } | null;

/** A campaign's recipients, only when the campaign is the organisation's. */
function scopedRecipients({ organizationId, campaignId }: CampaignScope, where: SQL, columns: SQL): ContactRecipients & { columns: SQL } {
  return {
    from: sql`campaign_recipients cr
    join campaigns k on k.id = cr.campaign_id and k.organization_id = ${organizationId}`,
    id: sql`cr.id`,
    contactId: sql`cr.contact_id`,
    where: sql`cr.campaign_id = ${campaignId}${where}`,
    columns,
  };
}

/** A page of a campaign's recipients, in a stable order. */
export async function listRecipientRows(db: DbOrTx, scope: CampaignScope, page: ListPage): Promise<RecipientListRow[]> {
  const columns = sql`cr.message_key as "messageKey", cr.shared_with_recipient_id as "sharedWithRecipientId"`;
  return selectRecipientContactRows<Pick<RecipientListRow, "messageKey" | "sharedWithRecipientId">>(db, scopedRecipients(scope, sql``, columns), page);
}

/** Names of the recipients whose message is carried by each of `carrierIds` (one call for a family on one number). */
export async function listCarriedNames(db: DbOrTx, scope: CampaignScope, carrierIds: string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  if (carrierIds.length === 0) return names;
  const carried = sql` and cr.shared_with_recipient_id in (${sql.join(carrierIds.map((id) => sql`${id}`), sql`, `)})`;
  const rows = await selectRecipientContactNames<{ carrier: string }>(db, scopedRecipients(scope, carried, sql`cr.shared_with_recipient_id as "carrier"`));
  for (const r of rows) {
    names.set(r.carrier, [...(names.get(r.carrier) ?? []), [r.firstName, r.lastName].filter(Boolean).join(" ") || r.phone]);
  }
  return names;
}

export async function countCampaignRecipients(db: DbOrTx, organizationId: string, campaignId: string): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from campaign_recipients cr join campaigns k on k.id = cr.campaign_id
    where cr.campaign_id = ${campaignId} and k.organization_id = ${organizationId}`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

export async function hasRecipient(db: DbOrTx, campaignId: string, recipientId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: campaignRecipients.id })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.id, recipientId), eq(campaignRecipients.campaignId, campaignId)));
  return row !== undefined;
}

/** Whether a message is some recipient's in a campaign of this organisation. */
export async function isMessageOfOrganization(db: DbOrTx, organizationId: string, messageKey: string): Promise<boolean> {
  const owned = await db.execute(sql`
    select 1 from campaign_recipients cr join campaigns c on c.id = cr.campaign_id
    where cr.message_key = ${messageKey} and c.organization_id = ${organizationId} limit 1`);
  return rowsOf(owned).length > 0;
}

/** The distinct message keys of one recipient, or of a whole campaign, in key order. */
export async function listMessageKeys(db: DbOrTx, scope: { campaignId: string; recipientId: string | null }, limit: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ messageKey: campaignRecipients.messageKey })
    .from(campaignRecipients)
    .where(
      and(
        isNotNull(campaignRecipients.messageKey),
        scope.recipientId ? eq(campaignRecipients.id, scope.recipientId) : eq(campaignRecipients.campaignId, scope.campaignId),
      ),
    )
    .orderBy(campaignRecipients.messageKey)
    .limit(limit);
  return rows.map((r) => r.messageKey!);
}

export type StoredEvent = { id: number; type: string; payload: Record<string, unknown>; createdAt: Date };

/** The id of the campaign's newest event, 0 when it has none. */
export async function getLatestCampaignEventId(db: DbOrTx, campaignId: string): Promise<number> {
  const [latest] = await db.select({ id: max(campaignEvents.id) }).from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId));
  return Number(latest?.id ?? 0);
}

/** Up to `limit` of the campaign's events after `afterId`, oldest first. */
export async function listCampaignEventsAfter(db: DbOrTx, campaignId: string, afterId: number, limit: number): Promise<StoredEvent[]> {
  return db
    .select({ id: campaignEvents.id, type: campaignEvents.type, payload: campaignEvents.payload, createdAt: campaignEvents.createdAt })
    .from(campaignEvents)
    .where(and(eq(campaignEvents.campaignId, campaignId), gt(campaignEvents.id, afterId)))
    .orderBy(asc(campaignEvents.id))
    .limit(limit);
}

export type ContactCampaignRow = { id: string; name: string; status: CampaignStatus; launchedAt: Date | null; createdAt: Date; messageKey: string | null };

/** The organisation's campaigns that have this contact among their recipients, newest first. */
export async function listCampaignRowsOfContact(db: DbOrTx, organizationId: string, contactId: string): Promise<ContactCampaignRow[]> {
  return db
    .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status, launchedAt: campaigns.launchedAt, createdAt: campaigns.createdAt, messageKey: campaignRecipients.messageKey })
    .from(campaignRecipients)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
    .where(and(eq(campaignRecipients.contactId, contactId), eq(campaigns.organizationId, organizationId)))
    .orderBy(desc(campaigns.createdAt))
    .limit(200);
}
