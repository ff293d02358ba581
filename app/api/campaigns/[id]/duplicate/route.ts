import { campaignIdSchema, duplicateCampaign } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/duplicate: a new draft with the same template, voice and recipients
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await duplicateCampaign(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
