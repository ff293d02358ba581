import { campaignIdSchema, getCampaignDetail, updateCampaignSchema, updateDraftCampaign } from "@/lib/campaigns";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id: one campaign with recipient count and progress
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await getCampaignDetail(await context(), id));
}, { openapi: { summary: "Get a campaign", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The campaign with recipient count and progress"), "404": jsonResponse("campaign_not_found") } } });

// PATCH /api/campaigns/:id: change a draft (name, template, voice, speed, recipients)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const input = updateCampaignSchema.parse(await req.json());
  return respond(await updateDraftCampaign(await context(), id, input));
}, {
  openapi: {
    summary: "Edit a draft",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema },
    requestBody: jsonBody(updateCampaignSchema),
    responses: { "200": jsonResponse("The updated draft"), "404": jsonResponse("campaign_not_found"), "409": jsonResponse("campaign_not_draft"), "422": jsonResponse("template_invalid, unknown_voice, speed_out_of_range, …") },
  },
});
