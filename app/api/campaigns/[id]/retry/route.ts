import { campaignIdSchema, retryFailedSegments } from "@/lib/campaigns";
import { getAppContext } from "@/lib/context";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/campaigns/:id/retry: send failed renders back to the queue
export const POST = route<{ id: string }>(async ({ params }) => {
  const { id } = campaignIdSchema.parse(params);
  return respond(await retryFailedSegments(await getAppContext(), id));
}, { maxBodyBytes: 0 });
