import { campaignIdSchema, planCampaign } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";
import { getSpeechCheckClient } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/plan: renders needed after dedupe, cached count, estimates, distinct values
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await planCampaign(await context(), id, undefined, getSpeechCheckClient()));
});
