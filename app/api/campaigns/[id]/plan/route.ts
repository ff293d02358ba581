import { campaignIdSchema, planCampaign } from "@/lib/campaigns";
import { getAppContext, getWorkerInfo } from "@/lib/context";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/plan: renders needed after dedupe, cached count, estimates, distinct values
export const GET = route<{ id: string }>(async ({ params }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await planCampaign(await getAppContext(), id, await getWorkerInfo()));
});
