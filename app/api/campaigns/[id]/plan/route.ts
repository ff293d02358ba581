import { campaignIdSchema, planCampaign } from "@/lib/campaigns";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/plan: renders needed after dedupe, cached count, estimates, distinct values
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await planCampaign(await context(), id));
}, {
  openapi: {
    summary: "Plan a campaign",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": jsonResponse("Renders needed after dedupe, already cached, time estimate range, distinct variable values"), "404": jsonResponse("campaign_not_found") },
  },
});
