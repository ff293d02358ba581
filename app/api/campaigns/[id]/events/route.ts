import { z } from "zod";
import { campaignIdSchema, getCampaignDetail, streamCampaignEvents } from "@/lib/campaigns";
import { errorResponse, route } from "@/lib/http";
import { getWorkerPoolStatus } from "@/lib/worker-client";
import { SSE_HEADERS, toSseStream } from "@/lib/sse";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const lastEventIdSchema = z.coerce.number().int().nonnegative().nullable();

// GET /api/campaigns/:id/events: progress over SSE (snapshot, then deltas; resumes from Last-Event-ID)
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const lastEventId = lastEventIdSchema.parse(req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("lastEventId"));
  const ctx = await context();
  const campaign = await getCampaignDetail(ctx, id);
  if (!campaign.ok) return errorResponse(campaign.error);
  const events = streamCampaignEvents({
    db: ctx.db,
    listen: ctx.database.listen,
    campaign: { id, status: campaign.value.status },
    worker: await getWorkerPoolStatus(),
    lastEventId,
  });
  return new Response(toSseStream(events, { signal: req.signal }), { headers: SSE_HEADERS });
});
