import { stopCampaignCalls } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/calls/stop: recipients not called yet are not called; calls under way play out
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await stopCampaignCalls(await context(), id));
});
