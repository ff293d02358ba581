import Papa from "papaparse";
import { sql } from "drizzle-orm";
import { renderMessageAudio, signAudio, type AudioUrlSigning, type MessageAudio, type MessageFormat } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { rowsOf, type Db } from "@/lib/db";
import { SENTENCE_PAUSE_MS } from "@/lib/protocol/audio";
import { PROGRESS_CHANNEL, QUEUED_CHANNEL, refreshCampaignStatus } from "@/lib/renders";
import { appError, type AppError } from "@/lib/http/errors";
import { err, ok, type Result } from "@/lib/result";
import { getCampaign, insertCampaignEvent, reopenFinishedCampaignsUsing, updateCampaignRow } from "./queries";

export type RecipientStatus = "pending" | "ready" | "failed";

export type RecipientDto = {
  id: string;
  contactId: string;
  externalId: string | null;
  name: string;
  phone: string;
  status: RecipientStatus;
  messageKey: string | null;
  durationMs: number | null;
  error: string | null;
};

type RecipientRow = {
  id: string;
  contactId: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string;
  messageKey: string | null;
  segments: number;
  done: number;
  failed: number;
  durationMs: number | null;
  speed: number;
  error: string | null;
};

/**
 * A campaign's recipients with the state of their message: ready when every segment has audio, failed when
 * any segment failed (with the first reason), pending otherwise. One query per page.
 */
export async function listCampaignRecipients(
  ctx: Ctx,
  campaignId: string,
  page: { limit: number; offset: number } = { limit: 100, offset: 0 },
): Promise<Result<{ items: RecipientDto[]; total: number }, AppError>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  const [rows, total] = await Promise.all([queryRecipients(ctx, campaignId, page), countAll(ctx, campaignId)]);
  return ok({ items: rows.map(toRecipientDto), total });
}

async function countAll(ctx: Ctx, campaignId: string): Promise<number> {
  const result = await ctx.db.execute(sql`
    select count(*)::int as n from campaign_recipients cr join campaigns k on k.id = cr.campaign_id
    where cr.campaign_id = ${campaignId} and k.organization_id = ${ctx.organization.id}`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

async function queryRecipients(ctx: Ctx, campaignId: string, page: { limit: number; offset: number } | null): Promise<RecipientRow[]> {
  const result = await ctx.db.execute(sql`
    select cr.id, c.id as "contactId", c.external_id as "externalId", c.first_name as "firstName", c.last_name as "lastName",
      c.phone, cr.message_key as "messageKey",
      count(s.key)::int as segments,
      count(*) filter (where s.status = 'done')::int as done,
      count(*) filter (where s.status = 'failed')::int as failed,
      sum(s.duration_ms)::int as "durationMs",
      coalesce(max(s.speed), 1) as speed,
      min(s.last_error) filter (where s.status = 'failed') as error
    from campaign_recipients cr
    join campaigns k on k.id = cr.campaign_id and k.organization_id = ${ctx.organization.id}
    join contacts c on c.id = cr.contact_id
    left join message_segments ms on ms.message_key = cr.message_key
    left join segments s on s.key = ms.segment_key
    where cr.campaign_id = ${campaignId}
    group by cr.id, c.id
    order by c.last_name nulls last, c.first_name nulls last, cr.id
    ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`);
  return rowsOf<RecipientRow>(result);
}

function toRecipientDto(r: RecipientRow): RecipientDto {
  const status: RecipientStatus = r.failed > 0 ? "failed" : r.segments > 0 && r.done === r.segments ? "ready" : "pending";
  const pauses = Math.max(0, Number(r.segments) - 1) * Math.round(SENTENCE_PAUSE_MS / Number(r.speed));
  return {
    id: r.id,
    contactId: r.contactId,
    externalId: r.externalId,
    name: [r.firstName, r.lastName].filter(Boolean).join(" ") || r.phone,
    phone: r.phone,
    status,
    messageKey: r.messageKey,
    durationMs: status === "ready" && r.durationMs !== null ? Number(r.durationMs) + pauses : null,
    error: r.error,
  };
}

/** The content-addressed URL of a message's audio (immutable bytes; needs a session or a signature). */
export function messageAudioPath(messageKey: string, extension = "wav"): string {
  return `/api/audio/${messageKey}.${extension}`;
}

/** An absolute audio URL that works without a session until it expires (for phone systems). */
export function signedMessageAudioUrl(signing: AudioUrlSigning, organizationId: string, messageKey: string, extension: string, baseUrl: string): string {
  const url = new URL(messageAudioPath(messageKey, extension), baseUrl);
  const { org, exp, sig } = signAudio(signing, organizationId, messageKey);
  url.search = new URLSearchParams({ org, exp: String(exp), sig }).toString();
  return url.toString();
}

/**
 * A message's audio, only when the message belongs to a campaign of the organisation: message keys are
 * content addresses, so knowing one must not be enough to hear another clinic's patient message.
 */
export async function getMessageAudio(
  ctx: { db: Db; organization: { id: string } },
  messageKey: string,
  format: MessageFormat,
): Promise<Result<MessageAudio, AppError>> {
  const owned = await ctx.db.execute(sql`
    select 1 from campaign_recipients cr join campaigns c on c.id = cr.campaign_id
    where cr.message_key = ${messageKey} and c.organization_id = ${ctx.organization.id} limit 1`);
  if (rowsOf(owned).length === 0) return err(appError("not_found", "There is no audio at this address."));
  return renderMessageAudio(ctx.db, messageKey, format);
}

export type ExportRow = {
  recipient_id: string;
  external_id: string;
  name: string;
  phone: string;
  status: RecipientStatus;
  audio_url: string;
  audio_url_mulaw: string;
  duration_ms: string;
  error: string;
};

/**
 * Spreadsheet apps run cells starting with = + - @ as formulas, so such cells get a leading quote; a plain
 * phone number such as +12025550143 is left alone (the phone system needs it as it is).
 */
const FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/;

/** Every recipient's audio URL and status, for the phone system that places the calls. */
export async function exportCampaignAudio(
  ctx: Ctx,
  campaignId: string,
  baseUrl: string,
  format: "csv" | "json",
  signing: AudioUrlSigning,
): Promise<Result<{ body: string; fileName: string }, AppError>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  const rows: ExportRow[] = (await queryRecipients(ctx, campaignId, null)).map(toRecipientDto).map((r) => ({
    recipient_id: r.id,
    external_id: r.externalId ?? "",
    name: r.name,
    phone: r.phone,
    status: r.status,
    audio_url: r.status === "ready" && r.messageKey ? signedMessageAudioUrl(signing, ctx.organization.id, r.messageKey, "wav", baseUrl) : "",
    audio_url_mulaw: r.status === "ready" && r.messageKey ? signedMessageAudioUrl(signing, ctx.organization.id, r.messageKey, "ulaw.wav", baseUrl) : "",
    duration_ms: r.durationMs === null ? "" : String(r.durationMs),
    error: r.error ?? "",
  }));
  const slug = campaign.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "campaign";
  const body = format === "csv" ? Papa.unparse(rows, { escapeFormulae: FORMULA_START }) : JSON.stringify({ campaign: { id: campaign.id, name: campaign.name, status: campaign.status }, recipients: rows }, null, 2);
  return ok({ body, fileName: `${slug}-audio.${format}` });
}

/** Sends a campaign's failed segments back to the queue and the campaign back to `rendering`. */
export async function retryFailedSegments(ctx: Ctx, campaignId: string): Promise<Result<{ requeued: number }, AppError>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  if (campaign.status === "draft" || campaign.status === "canceled") {
    return err(appError("campaign_not_launched", "Only a launched campaign can retry failed renders."));
  }
  const requeued = await ctx.db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      update segments set status = 'queued', attempts = 0, available_at = now(), last_error = null
      where status = 'failed' and key in (select segment_key from campaign_segments where campaign_id = ${campaignId})
      returning key`);
    const keys = rowsOf<{ key: string }>(result).map((r) => r.key);
    const n = keys.length;
    if (n > 0) {
      await updateCampaignRow(tx, campaignId, { status: "rendering", finishedAt: null });
      await insertCampaignEvent(tx, campaignId, "status", { status: "rendering", requeued: n });
      await tx.execute(sql`select pg_notify(${PROGRESS_CHANNEL}, ${campaignId})`);
      // The organisation's other campaigns that ended partially_failed on these same segments render again
      // too, so they end ready with this retry. Another organisation's campaigns are left alone: reopening
      // them would tell both sides that they share a sentence (see README, Security).
      for (const other of await reopenFinishedCampaignsUsing(tx, ctx.organization.id, keys, campaignId)) {
        await insertCampaignEvent(tx, other, "status", { status: "rendering", requeued: n });
        await tx.execute(sql`select pg_notify(${PROGRESS_CHANNEL}, ${other})`);
      }
      await tx.execute(sql`select pg_notify(${QUEUED_CHANNEL}, ${campaignId})`);
    } else if (campaign.status === "partially_failed") {
      // Nothing failed any more (another organisation's retry rendered the shared sentence): settle the
      // status on the audio that exists instead of staying failed.
      await updateCampaignRow(tx, campaignId, { status: "rendering" });
      await refreshCampaignStatus(tx, campaignId);
      await tx.execute(sql`select pg_notify(${PROGRESS_CHANNEL}, ${campaignId})`);
    }
    return n;
  });
  return ok({ requeued });
}
