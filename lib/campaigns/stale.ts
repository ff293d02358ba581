import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { loadLexicon, type Lexicon } from "@/lib/lexicon";
import { insertMessages, insertSegments, type PlannedSegment } from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { campaignNotFound, type CampaignError } from "./errors";
import { recipientName } from "./plan-tally";
import { planningPages, VersionPlanners } from "./planning";
import { reopenForRerender } from "./progress";
import { getCampaign, insertCampaignSegments, listLaunchedCampaignsWithContacts, listRecipientLinks, setRecipientMessages, setRecipientsSharing, type CampaignRow } from "./queries";
import { messageVersionsOf, renderTargetOf } from "./service";

const MAX_LISTED_STALE = 50;

/** Recipients whose rendered message no longer says what their contact's data says now (a moved appointment). */
export type StaleAudio = { stale: number; recipients: { recipientId: string; name: string }[] };

type StaleChange = { recipientId: string; name: string; merged: string; language?: string; sharedWith: string | null };

/**
 * Walks a launched campaign's recipients on the planning path with today's data and yields, a page at a
 * time, those whose message key changed. A recipient whose appointment has passed (or was cancelled) is
 * not stale: calling them again would say nothing true, so only a value that is still there and differs
 * counts. Needs a transaction (the walk is a cursor).
 */
async function* staleChanges(tx: DbOrTx, ctx: Ctx, campaign: CampaignRow, planners: VersionPlanners): AsyncGenerator<StaleChange[]> {
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return;
  const together = campaign.sharedNumbers === "together";
  const keep = (m: { missing: string[] }) => !m.missing.some((name) => name.startsWith("appointment."));
  // Planned as launch plans: today's pronunciations are part of the key, so an edited one re-renders too.
  for await (const page of planningPages(tx, campaign, versions.value, ctx.organization.timezone, { order: "contact", keep })) {
    const messageKeys = page.messages.map((m) => planners.plan(m).key);
    const ids = page.messages.flatMap((m) => [m.recipient, ...page.othersOf(m)].map((r) => r.recipientId));
    const stored = await listRecipientLinks(tx, campaign.id, ids);
    const changes = page.messages.flatMap((m, i) => {
      const lead = m.recipient.recipientId;
      return [m.recipient, ...page.othersOf(m)].flatMap((r) => {
        const was = stored.get(r.recipientId);
        const sharedWith = r.recipientId === lead ? null : lead;
        const moved = was?.messageKey !== messageKeys[i] || (was?.sharedWith ?? null) !== (together ? sharedWith : null);
        return was?.messageKey && moved ? [{ recipientId: r.recipientId, name: recipientName(r), merged: m.merged, language: m.language, sharedWith }] : [];
      });
    });
    if (changes.length > 0) yield changes;
  }
}

/** The planners of a launched campaign's versions: its pinned engine and model, today's dictionary. */
function plannersOf(campaign: CampaignRow, lexicon: Lexicon): VersionPlanners | null {
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return null;
  const target = renderTargetOf(campaign, null);
  return new VersionPlanners(versions.value, (voice) => ({ ...target, voice }), lexicon);
}

/** How many of a launched campaign's recipients would hear something else if planned today, and the first `listed` by name. */
async function countStale(ctx: Ctx, campaign: CampaignRow, listed: number): Promise<StaleAudio> {
  return ctx.db.transaction(async (tx) => {
    const planners = plannersOf(campaign, await loadLexicon({ ...ctx, db: tx }));
    let stale = 0;
    let recipients: StaleAudio["recipients"] = [];
    if (!planners) return { stale, recipients };
    for await (const changes of staleChanges(tx, ctx, campaign, planners)) {
      stale += changes.length;
      if (listed === 0) continue;
      recipients = [...recipients, ...changes.map(({ recipientId, name }) => ({ recipientId, name }))].sort((a, b) => a.name.localeCompare(b.name)).slice(0, listed);
    }
    return { stale, recipients };
  });
}

const isLaunched = (c: CampaignRow) => c.status === "rendering" || c.status === "ready" || c.status === "partially_failed";

/** How many of a launched campaign's messages say out-of-date values, and who (the first 50 by name). */
export async function findStaleAudio(ctx: Ctx, campaignId: string): Promise<Result<StaleAudio, CampaignError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  if (!isLaunched(campaign)) return ok({ stale: 0, recipients: [] });
  return ok(await countStale(ctx, campaign, MAX_LISTED_STALE));
}

export type StaleCampaign = { id: string; name: string; stale: number };

/** The organisation's launched campaigns that reach these contacts and now say out-of-date values, with how many messages. */
export async function listCampaignsWithStaleAudio(ctx: Ctx, contactIds: readonly string[]): Promise<StaleCampaign[]> {
  const campaigns = await listLaunchedCampaignsWithContacts(ctx.db, ctx.organization.id, contactIds);
  const found: StaleCampaign[] = [];
  for (const campaign of campaigns) {
    const { stale } = await countStale(ctx, campaign, 0);
    if (stale > 0) found.push({ id: campaign.id, name: campaign.name, stale });
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
    const planners = plannersOf(campaign, await loadLexicon({ ...ctx, db: tx }));
    if (!planners) return ok({ rerendered: 0, newSegments: 0 });
    let rerendered = 0;
    let newSegments = 0;
    // Written as the walk goes, as launch writes: its cursor reads the snapshot it was declared in.
    for await (const changes of staleChanges(tx, ctx, campaign, planners)) {
      const planned = changes.map((c) => ({ change: c, message: planners.plan(c) }));
      const segments = new Map<string | undefined, Map<string, PlannedSegment>>();
      for (const { change, message } of planned) {
        const own = segments.get(change.language) ?? new Map<string, PlannedSegment>();
        for (const segment of message.segments) own.set(segment.key, segment);
        segments.set(change.language, own);
      }
      for (const [language, own] of segments) {
        newSegments += await insertSegments(tx, [...own.values()], planners.targetOf(language));
        await insertCampaignSegments(tx, campaignId, [...own.keys()]);
      }
      await insertMessages(tx, [...new Map(planned.map(({ message }) => [message.key, message])).values()]);
      await setRecipientMessages(tx, planned.map(({ change, message }) => ({ recipientId: change.recipientId, messageKey: message.key })));
      if (campaign.sharedNumbers === "together") await setRecipientsSharing(tx, changes);
      rerendered += changes.length;
    }
    if (rerendered === 0) return ok({ rerendered: 0, newSegments: 0 });
    await reopenForRerender(tx, campaignId, rerendered);
    return ok({ rerendered, newSegments });
  });
}
