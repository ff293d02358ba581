import { z } from "zod";
import { getCallReport, startCampaignCalls } from "@/lib/calls";
import { getCallsConfig } from "@/lib/calls-config";
import { campaignIdSchema } from "@/lib/campaigns";
import { jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/calls: the delivery report: each recipient's outcome and attempts, and counts by outcome
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await getCallReport(await context(), id));
}, {
  openapi: {
    summary: "Delivery report of a campaign's calls",
    description: "Per recipient: outcome (confirmed, cancel_requested, opted_out, voicemail, answered_no_key, no_answer, busy, invalid_number, failed; null while in progress) and every attempt with its times, duration and keys.",
    tags: ["Phone calls"],
    requestParams: { path: campaignIdSchema },
    responses: { "200": jsonResponse("The report"), "404": jsonResponse("campaign_not_found") },
  },
});

// POST /api/campaigns/:id/calls: calls the campaign's rendered recipients through the organisation's carrier
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await startCampaignCalls(await context(), id, getCallsConfig()), { successStatus: 202 });
}, {
  openapi: {
    summary: "Call the campaign's recipients",
    description:
      "Queues one call per rendered recipient not on the do-not-call list; calls are placed inside the calling window of each recipient's time zone, under the frequency cap, at the carrier rate. Calling again adds only recipients not queued yet.",
    tags: ["Phone calls"],
    requestParams: { path: campaignIdSchema },
    responses: {
      "202": jsonResponse("What was queued", z.object({ queued: z.number(), alreadyQueued: z.number(), notReady: z.number(), optedOut: z.number(), carried: z.number() })),
      "404": jsonResponse("campaign_not_found"),
      "409": jsonResponse("carrier_not_configured or campaign_not_ready"),
    },
  },
});
