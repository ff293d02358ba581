import { z } from "zod";
import { stopCampaignCalls } from "@/lib/calls";
import { campaignIdSchema } from "@/lib/campaigns";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/calls/stop: recipients not called yet are not called; calls under way play out
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await stopCampaignCalls(await context(), id));
}, {
  openapi: {
    summary: "Stop the campaign's calls",
    description: "Recipients not called yet get the outcome `stopped` and no retry is made. A call ringing or under way right now plays out, and a key pressed in it is still recorded.",
    tags: ["Phone calls"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": jsonResponse("How many recipients were stopped", z.object({ stopped: z.number() })), "404": jsonResponse("campaign_not_found") },
  },
});
