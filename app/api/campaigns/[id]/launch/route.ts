import { campaignIdSchema, launchCampaign } from "@/lib/campaigns";
import { kickDispatch } from "@/lib/runtime/dispatch";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// Serverless hosts keep the function alive for after(); the cron route picks up whatever is left.
export const maxDuration = 300;

// POST /api/campaigns/:id/launch: plan and queue the campaign's renders
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const result = await launchCampaign(await context(), id);
  if (result.ok) kickDispatch();
  return respond(result);
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: {
    summary: "Launch a draft",
    description: "Plans the renders after dedupe and queues them; progress arrives on /api/campaigns/{id}/events.",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": jsonResponse("The launched campaign"), "404": jsonResponse("campaign_not_found"), "409": jsonResponse("campaign_not_draft"), "422": jsonResponse("no_recipients, template_invalid, message_too_long, …") },
  },
});
