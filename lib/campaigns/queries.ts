import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { hasUpcomingAppointment, type CampaignContactRow } from "@/lib/contacts";
import { rowsOf, textListParam, uuidListParam, type DbOrTx } from "@/lib/db";
import { campaignEvents, campaignRecipients, campaignSegments, campaigns, segments, type CampaignStatus, type StoredRecipientSelection } from "@/drizzle/schema";
import type { RecipientSelection } from "./schemas";

const campaignColumns = {
  id: campaigns.id,
  organizationId: campaigns.organizationId,
  name: campaigns.name,
  template: campaigns.template,
  voice: campaigns.voice,
  speed: campaigns.speed,
  status: campaigns.status,
  recipientSelection: campaigns.recipientSelection,
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
  status: CampaignStatus;
  recipientSelection: StoredRecipientSelection;
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

export async function listCampaigns(db: DbOrTx, organizationId: string, limit = 100): Promise<CampaignRow[]> {
  return db.select(campaignColumns).from(campaigns).where(eq(campaigns.organizationId, organizationId)).orderBy(desc(campaigns.createdAt)).limit(limit);
}

export async function insertCampaign(
  db: DbOrTx,
  values: { organizationId: string; name: string; template: string; voice: string; speed: number; recipientSelection: StoredRecipientSelection },
): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(values).returning(campaignColumns);
  if (!row) throw new Error("insert into campaigns returned no row");
  return row;
}

export async function updateCampaignRow(
  db: DbOrTx,
  id: string,
  values: Partial<
    Pick<CampaignRow, "name" | "template" | "voice" | "speed" | "recipientSelection" | "status" | "engine" | "modelVersion" | "launchedAt" | "finishedAt">
  >,
): Promise<void> {
  await db.update(campaigns).set({ ...values, updatedAt: new Date() }).where(eq(campaigns.id, id));
}

/**
 * Replaces a draft's recipients with the selection, resolved now (an "upcoming" selection against the
 * database's clock); contacts of other organisations are never matched.
 */
export async function replaceRecipients(db: DbOrTx, campaignId: string, organizationId: string, selection: RecipientSelection): Promise<number> {
  await db.delete(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
  const matching =
    selection.mode === "all"
      ? sql``
      : selection.mode === "upcoming"
        ? sql`and ${hasUpcomingAppointment(sql`c.id`, selection.withinDays)}`
        : sql`and c.id in ${uuidListParam(selection.contactIds)}`;
  const result = await db.execute(sql`
    insert into campaign_recipients (campaign_id, contact_id)
    select ${campaignId}::uuid, c.id from contacts c
    where c.organization_id = ${organizationId} ${matching}
    returning id`);
  return rowsOf(result).length;
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

/** A recipient with the contact fields templates use. */
export type RecipientContactRow = Omit<CampaignContactRow, "id"> & { recipientId: string; contactId: string };

/** A campaign's recipients with the contact fields templates use, in a stable order. One query. */
export async function listRecipientContacts(db: DbOrTx, campaignId: string, limit?: number): Promise<RecipientContactRow[]> {
  const result = await db.execute(sql`
    select cr.id as "recipientId", c.id as "contactId", c.first_name as "firstName", c.last_name as "lastName",
           c.phone, c.email, c.timezone, c.attributes
    from campaign_recipients cr join contacts c on c.id = cr.contact_id
    where cr.campaign_id = ${campaignId}
    order by c.last_name nulls last, c.first_name nulls last, c.id
    ${limit ? sql`limit ${limit}` : sql``}`);
  return rowsOf<RecipientContactRow>(result).map((r) => ({ ...r, attributes: parseAttributes(r.attributes) }));
}

function parseAttributes(value: unknown): Record<string, string> {
  // postgres.js hands jsonb back parsed; be tolerant of a string too.
  if (typeof value === "string") return JSON.parse(value) as Record<string, string>;
  return (value ?? {}) as Record<string, string>;
}

/** Links each recipient to its message, in batches of one json parameter. */
export async function setRecipientMessages(db: DbOrTx, links: { recipientId: string; messageKey: string }[]): Promise<void> {
  for (let i = 0; i < links.length; i += 5_000) {
    const batch = links.slice(i, i + 5_000).map((l) => ({ r: l.recipientId, m: l.messageKey }));
    await db.execute(sql`
      update campaign_recipients cr set message_key = x.m
      from json_to_recordset(${JSON.stringify(batch)}::json) as x(r uuid, m text)
      where cr.id = x.r`);
  }
}

export async function insertCampaignEvent(db: DbOrTx, campaignId: string, type: string, payload: Record<string, unknown>): Promise<void> {
  await db.insert(campaignEvents).values({ campaignId, type, payload });
}

/**
 * Moves the partially_failed campaigns (other than `except`) that need any of these segments back to
 * rendering; returns their ids.
 */
export async function reopenFinishedCampaignsUsing(db: DbOrTx, organizationId: string, segmentKeys: string[], except: string): Promise<string[]> {
  const result = await db.execute(sql`
    update campaigns set status = 'rendering', finished_at = null, updated_at = now()
    where status = 'partially_failed' and id <> ${except} and organization_id = ${organizationId}
      and id in (
        select campaign_id from campaign_segments
        where segment_key in ${textListParam(segmentKeys)})
    returning id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
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

/** Segment counts by status for many campaigns at once (the list page's progress bars). */
export async function countSegmentsByCampaign(db: DbOrTx, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return db
    .select({ campaignId: campaignSegments.campaignId, status: segments.status, n: count() })
    .from(campaignSegments)
    .innerJoin(segments, eq(segments.key, campaignSegments.segmentKey))
    .where(inArray(campaignSegments.campaignId, campaignIds))
    .groupBy(campaignSegments.campaignId, segments.status)
    .orderBy(asc(campaignSegments.campaignId));
}
