import { z } from "zod";
import { campaignIdSchema, listCampaignRecipients } from "@/lib/campaigns";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const pageSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) });

// GET /api/campaigns/:id/recipients?limit&offset: recipients with message status, duration and error
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const page = pageSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return respond(await listCampaignRecipients(await context(), id, page));
}, {
  openapi: {
    summary: "List a campaign's recipients",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema, query: pageSchema },
    responses: { "200": jsonResponse("Recipients with message status, duration and error"), "404": jsonResponse("campaign_not_found") },
  },
});
