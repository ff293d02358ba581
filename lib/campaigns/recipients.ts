import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { listMessageStates, type MessageState } from "@/lib/renders";
import { err, ok, type Result } from "@/lib/result";
import { campaignNotFound, type CampaignError } from "./errors";
import { versionFor } from "./planning";
import { countCampaignRecipients, getCampaign, listRecipientRows, type CampaignScope, type ListPage, type RecipientListRow } from "./queries";

export type RecipientStatus = "pending" | "ready" | "failed";

export type RecipientDto = {
  id: string;
  contactId: string;
  externalId: string | null;
  name: string;
  phone: string;
  /** The contact's own IANA time zone; null when it uses the organisation's. */
  timezone: string | null;
  status: RecipientStatus;
  messageKey: string | null;
  durationMs: number | null;
  error: string | null;
  /**
   * The recipient whose message speaks to this one too (they share a number and the campaign says them
   * together): that recipient's call carries it, so this one is not called on its own. Null: its own call.
   */
  sharedWithRecipientId: string | null;
  /** The language of the version this recipient hears (set by listCampaignRecipients): what their call speaks. */
  language?: string;
  /** The voice of that version. */
  voice?: string;
};

/**
 * A campaign's recipients with the state of their message: ready when every segment has audio, failed when
 * any segment failed (with the first reason), pending otherwise. Two queries per page.
 */
export async function listCampaignRecipients(
  ctx: Ctx,
  campaignId: string,
  page: { limit: number; offset: number } = { limit: 100, offset: 0 },
): Promise<Result<{ items: RecipientDto[]; total: number }, CampaignError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  const [rows, total] = await Promise.all([
    listRecipientsWithState(ctx.db, { organizationId: ctx.organization.id, campaignId }, page),
    countCampaignRecipients(ctx.db, ctx.organization.id, campaignId),
  ]);
  const versions = [{ language: campaign.language, voice: campaign.voice }, ...campaign.versions];
  const items = rows.map(({ contactLanguage, ...r }) => {
    const { version } = versionFor(versions, contactLanguage);
    return { ...r, language: version.language, voice: version.voice };
  });
  return ok({ items, total });
}

/** A page of recipients with their message's state. */
export async function listRecipientsWithState(db: DbOrTx, scope: CampaignScope, page: ListPage): Promise<(RecipientDto & { contactLanguage: string | null })[]> {
  const rows = await listRecipientRows(db, scope, page);
  const states = await listMessageStates(db, [...new Set(rows.flatMap((r) => (r.messageKey ? [r.messageKey] : [])))]);
  return rows.map((r) => toRecipientDto(r, r.messageKey ? states.get(r.messageKey) : undefined));
}

function toRecipientDto(r: RecipientListRow, state: MessageState | undefined): RecipientDto & { contactLanguage: string | null } {
  const status: RecipientStatus = !state ? "pending" : state.failed > 0 ? "failed" : state.done === state.segments ? "ready" : "pending";
  return {
    id: r.id,
    contactId: r.contactId,
    externalId: r.externalId,
    name: [r.firstName, r.lastName].filter(Boolean).join(" ") || r.phone,
    phone: r.phone,
    timezone: r.timezone,
    status,
    messageKey: r.messageKey,
    durationMs: status === "ready" ? (state?.durationMs ?? null) : null,
    error: state?.error ?? null,
    sharedWithRecipientId: r.sharedWithRecipientId,
    contactLanguage: r.contactLanguage,
  };
}
