import { z } from "zod";
import { campaignIdSchema, listCampaignRecipients } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const pageSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) });

// GET /api/campaigns/:id/recipients?limit&offset: recipients with message status, duration and error
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const page = pageSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return respond(await listCampaignRecipients(await context(), id, page));
});
