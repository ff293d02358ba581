import { campaignIdSchema, cancelCampaign } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/cancel: stop a campaign; segments other campaigns need keep going
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await cancelCampaign(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
