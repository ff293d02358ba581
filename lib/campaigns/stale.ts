import type { Ctx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { loadLexicons, type Lexicons } from "@/lib/lexicon";
import { insertMessages, insertSegments, listMessageTexts, type PlannedSegment } from "@/lib/renders";
import { splitSentences } from "@/lib/speech";
import { appError, err, ok, type Result } from "@/lib/result";
import { campaignNotFound, type CampaignError } from "./errors";
import { recipientName } from "./plan-tally";
import { planningPages, VersionPlanners } from "./planning";
import { reopenForRerender } from "./progress";
import { getCampaign, insertCampaignSegments, listLaunchedCampaignsWithContacts, listRecipientLinks, setRecipientMessages, setRecipientsSharing, type CampaignRow } from "./queries";
import { messageVersionsOf, renderTargetOf } from "./service";

const MAX_LISTED_STALE = 50;

/**
 * Recipients whose rendered message no longer says what it would say if planned today, and why: their
 * contact's values changed (a moved appointment), or a pronunciation of a word in it changed.
 */
export type StaleAudio = { stale: number; causes: Record<StaleCause, number>; recipients: { recipientId: string; name: string; cause: StaleCause }[] };
export type StaleCause = "values" | "pronunciation";

type StaleChange = { recipientId: string; name: string; merged: string; language?: string; sharedWith: string | null; cause: StaleCause };

const words = (sentence: string) => sentence.split(/\s+/).filter((w) => w !== "");

/**
 * Why a message's text changed. `stored` is the text it was planned with (normalised, dictionary applied),
 * `today` the text planned now with and without today's dictionary. A change where the dictionary touches
 * nothing today is a changed value; a change only where it respells a word, or no change of text at all
 * (the key moved with how a word is said), is a pronunciation.
 */
export function staleCause(stored: string | null, today: { withLexicon: string; without: string }): StaleCause {
  if (stored === null) return "values";
  if (stored === today.withLexicon) return "pronunciation";
  const was = splitSentences(stored);
  const now = splitSentences(today.withLexicon);
  const plain = splitSentences(today.without);
  if (was.length !== now.length || now.length !== plain.length) return "values";
  for (let i = 0; i < now.length; i++) {
    if (was[i] === now[i]) continue;
    if (now[i] === plain[i]) return "values";
    // A word said now that was not said before, and that is not a respelling of today's dictionary: a new value.
    const before = new Set(words(was[i]!));
    const unrespelled = new Set(words(plain[i]!));
    if (words(now[i]!).some((word) => !before.has(word) && unrespelled.has(word))) return "values";
  }
  return "pronunciation";
}

/**
 * Walks a launched campaign's recipients on the planning path with today's data and yields, a page at a
 * time, those whose message key changed. A recipient whose appointment has passed (or was cancelled) is
 * not stale: calling them again would say nothing true, so only a value that is still there and differs
 * counts. Needs a transaction (the walk is a cursor).
 */
async function* staleChanges(tx: DbOrTx, ctx: Ctx, campaign: CampaignRow, planners: CampaignPlanners): AsyncGenerator<StaleChange[]> {
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return;
  const together = campaign.sharedNumbers === "together";
  const keep = (m: { missing: string[] }) => !m.missing.some((name) => name.startsWith("appointment."));
  // Planned as launch plans: today's pronunciations are part of the key, so an edited one re-renders too.
  for await (const page of planningPages(tx, campaign, versions.value, ctx.organization, { order: "contact", keep })) {
    const planned = page.messages.map((m) => planners.withLexicon.plan(m));
    const messageKeys = planned.map((p) => p.key);
    const ids = page.messages.flatMap((m) => [m.recipient, ...page.othersOf(m)].map((r) => r.recipientId));
    const stored = await listRecipientLinks(tx, campaign.id, ids);
    const storedTexts = await listMessageTexts(tx, [...new Set([...stored.values()].flatMap((l) => (l.messageKey ? [l.messageKey] : [])))]);
    // What each message says today, with and without the dictionary: tells a changed value from a changed pronunciation.
    const today = page.messages.map((m, i) => ({ withLexicon: planned[i]!.text, without: planners.without.plan(m).text }));
    const changes = page.messages.flatMap((m, i) => {
      const lead = m.recipient.recipientId;
      return [m.recipient, ...page.othersOf(m)].flatMap((r) => {
        const was = stored.get(r.recipientId);
        const sharedWith = r.recipientId === lead ? null : lead;
        const moved = was?.messageKey !== messageKeys[i] || (was?.sharedWith ?? null) !== (together ? sharedWith : null);
        if (!was?.messageKey || !moved) return [];
        const cause = staleCause(storedTexts.get(was.messageKey) ?? null, today[i]!);
        return [{ recipientId: r.recipientId, name: recipientName(r), merged: m.merged, language: m.language, sharedWith, cause }];
      });
    });
    if (changes.length > 0) yield changes;
  }
}

type CampaignPlanners = { withLexicon: VersionPlanners; without: VersionPlanners };

/**
 * The planners of a launched campaign's versions: its pinned engine and model, with today's dictionaries and
 * without them. Each version is said with its own language's entries, so an entry's edit makes stale only
 * the messages of its language.
 */
function plannersOf(campaign: CampaignRow, lexicons: Lexicons): CampaignPlanners | null {
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return null;
  const target = renderTargetOf(campaign, null);
  const targetFor = (voice: string) => ({ ...target, voice });
  return { withLexicon: new VersionPlanners(versions.value, targetFor, lexicons), without: new VersionPlanners(versions.value, targetFor) };
}

/** How many of a launched campaign's recipients would hear something else if planned today, and the first `listed` by name. */
async function countStale(ctx: Ctx, campaign: CampaignRow, listed: number): Promise<StaleAudio> {
  return ctx.db.transaction(async (tx) => {
    const planners = plannersOf(campaign, await loadLexicons({ ...ctx, db: tx }));
    let stale = 0;
    const causes: Record<StaleCause, number> = { values: 0, pronunciation: 0 };
    let recipients: StaleAudio["recipients"] = [];
    if (!planners) return { stale, causes, recipients };
    for await (const changes of staleChanges(tx, ctx, campaign, planners)) {
      stale += changes.length;
      for (const change of changes) causes[change.cause] += 1;
      if (listed === 0) continue;
      recipients = [...recipients, ...changes.map(({ recipientId, name, cause }) => ({ recipientId, name, cause }))].sort((a, b) => a.name.localeCompare(b.name)).slice(0, listed);
    }
    return { stale, causes, recipients };
  });
}

const isLaunched = (c: CampaignRow) => c.status === "rendering" || c.status === "ready" || c.status === "partially_failed";

/** How many of a launched campaign's messages say out-of-date values, and who (the first 50 by name). */
export async function findStaleAudio(ctx: Ctx, campaignId: string): Promise<Result<StaleAudio, CampaignError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  if (!isLaunched(campaign)) return ok({ stale: 0, causes: { values: 0, pronunciation: 0 }, recipients: [] });
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
    const planners = plannersOf(campaign, await loadLexicons({ ...ctx, db: tx }));
    if (!planners) return ok({ rerendered: 0, newSegments: 0 });
    let rerendered = 0;
    let newSegments = 0;
    // Written as the walk goes, as launch writes: its cursor reads the snapshot it was declared in.
    for await (const changes of staleChanges(tx, ctx, campaign, planners)) {
      const planned = changes.map((c) => ({ change: c, message: planners.withLexicon.plan(c) }));
      const segments = new Map<string | undefined, Map<string, PlannedSegment>>();
      for (const { change, message } of planned) {
        const own = segments.get(change.language) ?? new Map<string, PlannedSegment>();
        for (const segment of message.segments) own.set(segment.key, segment);
        segments.set(change.language, own);
      }
      for (const [language, own] of segments) {
        newSegments += await insertSegments(tx, [...own.values()], planners.withLexicon.targetOf(language));
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
