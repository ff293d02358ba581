import { campaignIdSchema, launchCampaign } from "@/lib/campaigns";
import { kickDispatch } from "@/lib/runtime/dispatch";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// Serverless hosts keep the function alive for after(); the cron route picks up whatever is left.
export const maxDuration = 300;

// POST /api/campaigns/:id/launch: plan and queue the campaign's renders
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const result = await launchCampaign(await context(), id);
  if (result.ok) kickDispatch();
  return respond(result);
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
