import { cancelCampaignAndCalls } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/cancel: stop a campaign and its calls not placed yet; segments other campaigns need keep going
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await cancelCampaignAndCalls(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
