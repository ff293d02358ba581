import { getCallReport, startCampaignCalls } from "@/lib/calls";
import { kickDispatch } from "@/lib/runtime/dispatch";
import { getCallsConfig } from "@/lib/runtime/resources";
import { campaignIdSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";
// On serverless hosts the dispatch after responding (kickDispatch) runs inside this function's time.
export const maxDuration = 300;

// GET /api/campaigns/:id/calls: the delivery report: each recipient's outcome and attempts, and counts by outcome
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await getCallReport(await context(), id));
});

// POST /api/campaigns/:id/calls: calls the campaign's rendered recipients through the organisation's carrier
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const result = await startCampaignCalls(await context(), id, getCallsConfig());
  // The call sentences just queued are rendered before the first call: the dispatcher starts on them now.
  if (result.ok) kickDispatch();
  return respond(result, { successStatus: 202 });
});
