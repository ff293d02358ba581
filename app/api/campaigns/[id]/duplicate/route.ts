import { campaignIdSchema, duplicateCampaign } from "@/lib/campaigns";
import { getAppContext } from "@/lib/context";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/duplicate: a new draft with the same template, voice and recipients
export const POST = route<{ id: string }>(async ({ params }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await duplicateCampaign(await getAppContext(), id));
}, { maxBodyBytes: 0 });
