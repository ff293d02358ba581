import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { loadLexicon, type Lexicon } from "@/lib/lexicon";
import { insertMessages, insertSegments, planMessages } from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { parseTemplate } from "@/lib/templates";
import { campaignNotFound, type CampaignError } from "./errors";
import { reopenForRerender } from "./progress";
import {
  getCampaign,
  insertCampaignSegments,
  listLaunchedCampaignsWithContacts,
  listRecipientContacts,
  listRecipientMessageKeys,
  listRecipientSharing,
  setRecipientMessages,
  setRecipientsSharing,
  type CampaignRow,
} from "./queries";
import { mergeRecipients, recipientName, renderTargetOf } from "./service";
import { combineSharedNumbers } from "./shared-numbers";

const MAX_LISTED_STALE = 50;

/** Recipients whose rendered message no longer says what their contact's data says now (a moved appointment). */
export type StaleAudio = { stale: number; recipients: { recipientId: string; name: string }[] };

type StalePlan = { changes: { recipientId: string; name: string; merged: string; sharedWith: string | null }[]; lexicon: Lexicon };

/**
 * Merges every recipient of a launched campaign again with today's data and keeps those whose message key
 * changed. A recipient whose appointment has passed (or was cancelled) is not stale: calling them again
 * would say nothing true, so only a value that is still there and differs counts.
 */
async function planStale(db: DbOrTx, ctx: Ctx, campaign: CampaignRow): Promise<StalePlan> {
  const template = parseTemplate(campaign.template);
  // Planned as launch plans: today's pronunciations are part of the key, so an edited one re-renders too.
  const lexicon = await loadLexicon({ ...ctx, db: db as Ctx["db"] });
  if (!template.ok) return { changes: [], lexicon };
  const together = campaign.sharedNumbers === "together";
  const [recipients, storedKeys, storedSharing] = await Promise.all([
    listRecipientContacts(db, campaign.id),
    listRecipientMessageKeys(db, campaign.id),
    together ? listRecipientSharing(db, campaign.id) : new Map<string, string | null>(),
  ]);
  const each = (await mergeRecipients(db, template.value, recipients, ctx.organization.timezone, { appointments: together })).filter(
    (m) => !m.missing.some((name) => name.startsWith("appointment.")),
  );
  // Combined as launch combined them: a family whose days no longer match gets a message each again.
  const { messages: merged, members } = together ? combineSharedNumbers(template.value, each) : { messages: each, members: new Map() };
  const plan = planMessages(merged.map((m) => m.merged), renderTargetOf(campaign, null), lexicon);
  const changes = merged.flatMap((m, i) => {
    const lead = m.recipient.recipientId;
    return [m.recipient, ...(members.get(lead) ?? [])].flatMap((r) => {
      const stored = storedKeys.get(r.recipientId);
      const sharedWith = r.recipientId === lead ? null : lead;
      const moved = stored !== plan.messageKeys[i] || (storedSharing.get(r.recipientId) ?? null) !== (together ? sharedWith : null);
      return stored && moved ? [{ recipientId: r.recipientId, name: recipientName(r), merged: m.merged, sharedWith }] : [];
    });
  });
  return { changes, lexicon };
}

const isLaunched = (c: CampaignRow) => c.status === "rendering" || c.status === "ready" || c.status === "partially_failed";

/** How many of a launched campaign's messages say out-of-date values, and who (the first 50 by name). */
export async function findStaleAudio(ctx: Ctx, campaignId: string): Promise<Result<StaleAudio, CampaignError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  if (!isLaunched(campaign)) return ok({ stale: 0, recipients: [] });
  const { changes } = await planStale(ctx.db, ctx, campaign);
  const recipients = changes.map(({ recipientId, name }) => ({ recipientId, name })).sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_LISTED_STALE);
  return ok({ stale: changes.length, recipients });
}

export type StaleCampaign = { id: string; name: string; stale: number };

/** The organisation's launched campaigns that reach these contacts and now say out-of-date values, with how many messages. */
export async function listCampaignsWithStaleAudio(ctx: Ctx, contactIds: readonly string[]): Promise<StaleCampaign[]> {
  const campaigns = await listLaunchedCampaignsWithContacts(ctx.db, ctx.organization.id, contactIds);
  const found: StaleCampaign[] = [];
  for (const campaign of campaigns) {
    const { changes } = await planStale(ctx.db, ctx, campaign);
    if (changes.length > 0) found.push({ id: campaign.id, name: campaign.name, stale: changes.length });
  }
  return found;
}

/**
 * Plans the stale messages again and renders exactly those: their new sentences are queued (sentences that
 * already have audio are reused), their recipients point at the new messages, and the campaign renders
 * until they are done. Every other recipient keeps the audio they have.
 */
export async function rerenderStaleAudio(
  ctx: Ctx,
  campaignId: string,
): Promise<Result<{ rerendered: number; newSegments: number }, CampaignError<"campaign_not_found" | "campaign_not_launched">>> {
  return ctx.db.transaction(async (tx) => {
    const campaign = await getCampaign(tx, ctx.organization.id, campaignId, { forUpdate: true });
    if (!campaign) return err(campaignNotFound());
    if (!isLaunched(campaign)) return err(appError("campaign_not_launched", "Only a launched campaign has audio to render again."));
    const { changes, lexicon } = await planStale(tx, ctx, campaign);
    if (changes.length === 0) return ok({ rerendered: 0, newSegments: 0 });
    const target = renderTargetOf(campaign, null);
    const plan = planMessages(changes.map((c) => c.merged), target, lexicon);
    const newSegments = await insertSegments(tx, [...plan.segments.values()], target);
    await insertMessages(tx, [...plan.messages.values()]);
    await setRecipientMessages(tx, changes.map((c, i) => ({ recipientId: c.recipientId, messageKey: plan.messageKeys[i]! })));
    if (campaign.sharedNumbers === "together") await setRecipientsSharing(tx, changes);
    await insertCampaignSegments(tx, campaignId, [...plan.segments.keys()]);
    await reopenForRerender(tx, campaignId, changes.length);
    return ok({ rerendered: changes.length, newSegments });
  });
}
