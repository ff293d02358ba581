import type { Ctx } from "@/lib/context";
import { requeueFailedSegments } from "@/lib/renders";
import { appError, err, ok, type Result } from "@/lib/result";
import { campaignNotFound, type CampaignError } from "./errors";
import { reopenForRetry, settleAfterEmptyRetry } from "./progress";
import { campaignSegmentKeys, getCampaign } from "./queries";

/** Sends a campaign's failed segments back to the queue and the campaign back to `rendering`. */
export async function retryFailedSegments(
  ctx: Ctx,
  campaignId: string,
): Promise<Result<{ requeued: number }, CampaignError<"campaign_not_found" | "campaign_not_launched">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, campaignId);
  if (!campaign) return err(campaignNotFound());
  if (campaign.status === "draft" || campaign.status === "canceled") {
    return err(appError("campaign_not_launched", "Only a launched campaign can retry failed renders."));
  }
  const requeued = await ctx.db.transaction(async (tx) => {
    const keys = await requeueFailedSegments(tx, campaignSegmentKeys(campaignId));
    if (keys.length > 0) await reopenForRetry(tx, ctx.organization.id, campaignId, keys);
    else if (campaign.status === "partially_failed") await settleAfterEmptyRetry(tx, campaignId);
    return keys.length;
  });
  return ok({ requeued });
}
