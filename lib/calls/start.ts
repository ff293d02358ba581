import { getCampaign, listCampaignRecipients, type RecipientDto } from "@/lib/campaigns";
import { findDoNotCallPhones } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { appError, err, ok, type Result } from "@/lib/result";
import type { CallsConfig } from "./config";
import { planAnswerAudio, type AnswerKeys } from "./answers";
import { CALL_QUEUE, enqueueCallAttempts } from "./place";
import { insertDeliveries, stopDeliveries } from "./queries";
import { cancelJobs } from "@/lib/jobs";
import { loadCarrier, type CallsError } from "./settings";
import { answerTexts } from "./twiml";

export type StartCallsReport = {
  /** Recipients whose first call is now queued. */
  queued: number;
  /** Recipients being called already (an earlier "Call recipients"), left as they are. */
  alreadyQueued: number;
  /** Left out: message not rendered (yet, or failed). */
  notReady: number;
  /** Left out: the number is on the do-not-call list. */
  optedOut: number;
  /** Patients whose message another recipient's call carries (same number, said together). */
  carried: number;
};

const PAGE = 1_000;

/**
 * Queues one call per rendered recipient of the campaign that may be called (not opted out, not carried in
 * another recipient's call), each as a leased job; they are placed inside the calling window of each
 * recipient's own time zone, under the frequency cap, at the carrier rate. Running it again adds only
 * recipients not being called yet (rendered since, for example).
 */
export async function startCampaignCalls(ctx: Ctx, campaignId: string, config: CallsConfig, now = new Date()): Promise<Result<StartCallsReport, CallsError<"carrier_not_configured" | "campaign_not_found" | "campaign_not_ready">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  if (campaign.status === "draft" || campaign.status === "canceled") return err(appError("campaign_not_ready", "Launch the campaign first: only rendered messages can be called."));
  const carrier = await loadCarrier(ctx.db, ctx.organization.id, config);
  if (!carrier) return err(appError("carrier_not_configured", "Set up phone calls first (Settings → Phone calls)."));
  // The call's own sentences, in the campaign's voice; until rendered, the carrier's voice says them.
  let answerKeys: AnswerKeys = {};
  if (campaign.engine && campaign.modelVersion) {
    const target = { engine: campaign.engine, modelVersion: campaign.modelVersion, voice: campaign.voice, speed: campaign.speed };
    answerKeys = await planAnswerAudio(ctx.db, ctx.organization.id, target, answerTexts(carrier.settings.answerTexts, carrier.settings.callbackNumber));
  }
  const report: StartCallsReport = { queued: 0, alreadyQueued: 0, notReady: 0, optedOut: 0, carried: 0 };
  for (let offset = 0; ; offset += PAGE) {
    const page = await listCampaignRecipients(ctx, campaignId, { limit: PAGE, offset });
    if (!page.ok) return err(appError("campaign_not_found", "This campaign does not exist."));
    const items = page.value.items;
    const optedOut = await findDoNotCallPhones(ctx.db, ctx.organization.id, [...new Set(items.map((r) => r.phone))]);
    const callable: (RecipientDto & { messageKey: string })[] = [];
    for (const r of items) {
      if (r.sharedWithRecipientId) report.carried++;
      else if (r.status !== "ready" || !r.messageKey) report.notReady++;
      else if (optedOut.has(r.phone)) report.optedOut++;
      else callable.push({ ...r, messageKey: r.messageKey });
    }
    await ctx.db.transaction(async (tx) => {
      const attemptIds = await insertDeliveries(
        tx,
        callable.map((r) => ({
          organizationId: ctx.organization.id,
          campaignId,
          recipientId: r.id,
          contactId: r.contactId,
          phone: r.phone,
          timezone: r.timezone ?? ctx.organization.timezone,
          messageKey: r.messageKey,
          answerKeys,
        })),
      );
      await enqueueCallAttempts(tx, attemptIds, now);
      report.queued += attemptIds.length;
      report.alreadyQueued += callable.length - attemptIds.length;
    });
    if (items.length < PAGE) break;
  }
  return ok(report);
}

/**
 * Stops the campaign's calls: recipients not called yet are not called (outcome `stopped`), retries are
 * not made. A call ringing or under way right now plays out; a key pressed in it is still recorded.
 */
export async function stopCampaignCalls(ctx: Ctx, campaignId: string, now = new Date()): Promise<Result<{ stopped: number }, CallsError<"campaign_not_found">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(appError("campaign_not_found", "This campaign does not exist."));
  const stopped = await ctx.db.transaction(async (tx) => {
    const result = await stopDeliveries(tx, ctx.organization.id, campaignId, now);
    await cancelJobs(tx, CALL_QUEUE, result.skippedAttemptIds, "calls were stopped");
    return result.stopped;
  });
  return ok({ stopped });
}
