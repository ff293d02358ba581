import { campaignIdSchema, getCampaignDetail, updateCampaignSchema, updateDraftCampaign } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id: one campaign with recipient count and progress
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await getCampaignDetail(await context(), id));
});

// PATCH /api/campaigns/:id: change a draft (name, template, voice, speed, recipients)
export const PATCH = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const input = updateCampaignSchema.parse(await req.json());
  return respond(await updateDraftCampaign(await context(), id, input));
});
