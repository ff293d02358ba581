import { campaignIdSchema, retryFailedSegments } from "@/lib/campaigns";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/retry: send failed renders back to the queue
export const POST = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await retryFailedSegments(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
