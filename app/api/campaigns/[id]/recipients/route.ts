import { campaignIdSchema, listCampaignRecipients, recipientsPageSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/recipients?limit&offset: recipients with message status, duration and error
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const page = recipientsPageSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return respond(await listCampaignRecipients(await context(), id, page));
});
