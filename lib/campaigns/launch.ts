import type { Ctx, WorkerCapabilities } from "@/lib/context";
import { workersOf } from "@/lib/context";
import { env } from "@/lib/env";
import { loadLexicons } from "@/lib/lexicon";
import { insertMessages, insertSegments, type PlannedSegment, type PlannedText } from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { campaignNotFound, missingValuesUndecided, type CampaignError } from "./errors";
import { findTooLong } from "./plan-tally";
import { planningPages, VersionPlanners } from "./planning";
import { markLaunched } from "./progress";
import {
  countCampaignSegments,
  countLaunchedPlan,
  countOptedOutRecipients,
  countRecipients,
  deleteOptedOutRecipients,
  deleteRecipients,
  deleteUnlinkedRecipients,
  getCampaign,
  insertCampaignSegments,
  setRecipientMessages,
  setRecipientsSharing,
} from "./queries";
import { campaignDto, checkVersions, renderTargetOf, type CampaignDto } from "./service";

type LaunchErrorCode =
  | "worker_unavailable"
  | "campaign_not_found"
  | "campaign_not_draft"
  | "speed_out_of_range"
  | "unknown_voice"
  | "template_invalid"
  | "no_recipients"
  | "too_many_recipients"
  | "message_too_long"
  | "voice_language_mismatch"
  | "missing_values_undecided";

export type Launched = { campaign: CampaignDto; plan: { distinctSegments: number; newSegments: number; distinctMessages: number } };

/** Thrown inside the launch transaction to roll back what earlier pages wrote. */
class LaunchRefused extends Error {
  constructor(readonly refusal: CampaignError<"message_too_long" | "no_recipients" | "missing_values_undecided">) {
    super(refusal.message);
  }
}

/**
 * Plans and queues a draft's renders in ONE transaction, a page of recipients at a time so memory stays
 * flat however many there are: merge, normalise, split, key (each distinct merged text once, through a
 * bounded memo), insert the segments and messages this launch has not written yet (`on conflict do
 * nothing`, so concurrent launches and campaigns that share sentences converge on one row per key), link
 * the page's recipients in one statement, then mark the campaign `rendering` (or `ready` if nothing is
 * missing). The campaign row is locked first, so two launches of one campaign cannot both plan it.
 * Recipients are read from campaign_recipients, whatever selection put them there.
 */
export async function launchCampaign(
  ctx: Ctx,
  id: string,
  given?: WorkerCapabilities | null,
): Promise<Result<Launched, CampaignError<LaunchErrorCode>>> {
  const worker = await workersOf(ctx, given);
  if (!worker) return err(appError("worker_unavailable", "No TTS worker is ready, so the campaign cannot be launched yet. Start the worker and try again."));
    try {
    return await ctx.db.transaction(async (tx): Promise<Result<Launched, CampaignError<LaunchErrorCode>>> => {
      const campaign = await getCampaign(tx, ctx.organization.id, id, { forUpdate: true });
      if (!campaign) return err(campaignNotFound());
      if (campaign.status !== "draft") return err(appError("campaign_not_draft", "This campaign has already been launched."));
      const versions = await checkVersions({ ...ctx, db: tx }, campaign, worker);
      if (!versions.ok) return versions;
      const recipients = (await countRecipients(tx, [id])).get(id) ?? 0;
      if (recipients === 0) return err(appError("no_recipients", "Add at least one contact before launching."));
      // Numbers on the do-not-call list are never called: those recipients leave the campaign before it is planned.
      const optedOut = await countOptedOutRecipients(tx, id);
      if (optedOut === recipients) return err(appError("no_recipients", "Every recipient of this campaign is on the do-not-call list."));
      if (recipients > env.CAMPAIGN_MAX_RECIPIENTS) {
        return err(appError("too_many_recipients", `A campaign can have at most ${env.CAMPAIGN_MAX_RECIPIENTS.toLocaleString("en-US")} recipients.`));
      }
      if (optedOut > 0) await deleteOptedOutRecipients(tx, id);
      const target = renderTargetOf(campaign, worker);
      const lexicons = await loadLexicons({ ...ctx, db: tx });
      const planners = new VersionPlanners(versions.value, (voice) => ({ ...target, voice }), lexicons);
      // The messages and segments this launch wrote, as the planner's objects: one the planner forgets is
      // garbage and leaves this set, and is written again (a no-op) if it comes back, so it stays bounded.
      const written = new WeakSet<object>();
      let newSegments = 0;
      let kept = 0;
      for await (const page of planningPages(tx, campaign, versions.value, ctx.organization, { order: "contact" })) {
        const { messages: all, othersOf } = page;
        // A message with a hole is never sent, or left out, without the clinic's choice.
        if (campaign.missingValues === "ask" && all.some((m) => m.missing.length > 0)) throw new LaunchRefused(missingValuesUndecided());
        // Skipped recipients get no call: they leave the campaign, so progress, exports and the table never wait on them.
        const merged = campaign.missingValues === "skip" ? all.filter((m) => m.missing.length === 0) : all;
        if (merged.length < all.length) {
          await deleteRecipients(tx, id, all.filter((m) => m.missing.length > 0).flatMap((m) => [m.recipient, ...othersOf(m)].map((r) => r.recipientId)));
        }
        kept += merged.length;
        // Checked before anything is normalised: a 100 KB value must not cost the request seconds of speech rules.
        const tooLong = findTooLong(merged);
        if (tooLong) throw new LaunchRefused(tooLong);
        const messages = new Map<string, PlannedText>();
        // Each version's sentences are rendered by its own voice: the segments to insert, by language.
        const segments = new Map<string | undefined, Map<string, PlannedSegment>>();
        const links = merged.flatMap((m) => {
          const planned = planners.plan(m);
          if (!written.has(planned)) {
            messages.set(planned.key, planned);
            const own = segments.get(m.language) ?? new Map<string, PlannedSegment>();
            for (const s of planned.segments) if (!written.has(s)) own.set(s.key, s);
            segments.set(m.language, own);
          }
          // Everyone a message speaks to points at it; the others are marked as carried by its call.
          return [m.recipient, ...othersOf(m)].map((r) => ({ recipientId: r.recipientId, messageKey: planned.key }));
        });
        const segmentKeys: string[] = [];
        for (const [language, own] of segments) {
          newSegments += await insertSegments(tx, [...own.values()], planners.targetOf(language));
          segmentKeys.push(...own.keys());
        }
        await insertMessages(tx, [...messages.values()]);
        await insertCampaignSegments(tx, id, segmentKeys);
        await setRecipientMessages(tx, links);
        const sharing = merged.flatMap((m) => othersOf(m).map((r) => ({ recipientId: r.recipientId, sharedWith: m.recipient.recipientId })));
        if (sharing.length > 0) await setRecipientsSharing(tx, sharing);
        for (const planned of messages.values()) {
          written.add(planned);
          for (const s of planned.segments) written.add(s);
        }
      }
      // Appointments that will not take place (or already have) are never reminded: the walk left those
      // recipients out, so no message was linked to them, and they leave the campaign.
      const notReminded = await deleteUnlinkedRecipients(tx, id);
      if (kept === 0 && notReminded > 0) {
        throw new LaunchRefused(
          appError("no_recipients", "No recipient of this campaign is left to call: each is on the do-not-call list or has only cancelled, broken, no-show or completed appointments."),
        );
      }
      if (kept === 0) {
        throw new LaunchRefused(
          appError("no_recipients", "Every recipient's message would miss a value and the campaign skips them: add fallback text to the message or send with it."),
        );
      }
      const summary = { ...(await countLaunchedPlan(tx, id)), newSegments };
      const counts = await countCampaignSegments(tx, id);
      const called = (await countRecipients(tx, [id])).get(id) ?? 0;
      const launched = await markLaunched(tx, id, target, summary, counts);
      return ok({ campaign: campaignDto({ ...campaign, ...launched }, called, counts, ctx.organization.timezone), plan: summary });
    });
  } catch (error) {
    if (!(error instanceof LaunchRefused)) throw error;
    return err(error.refusal);
  }
}

