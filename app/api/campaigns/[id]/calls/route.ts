import { getCallReport, startCampaignCalls } from "@/lib/calls";
import { getCallsConfig } from "@/lib/runtime/resources";
import { campaignIdSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/calls: the delivery report: each recipient's outcome and attempts, and counts by outcome
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await getCallReport(await context(), id));
});

// POST /api/campaigns/:id/calls: calls the campaign's rendered recipients through the organisation's carrier
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await startCampaignCalls(await context(), id, getCallsConfig()), { successStatus: 202 });
});
