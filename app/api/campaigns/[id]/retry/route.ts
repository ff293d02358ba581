import { campaignIdSchema, retryFailedSegments } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/retry: send failed renders back to the queue
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await retryFailedSegments(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: { summary: "Retry failed renders", tags: ["Campaigns"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("How many renders went back to the queue"), "404": jsonResponse("campaign_not_found") } },
});
