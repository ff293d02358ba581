import { isApiKeyStillActive } from "@/lib/api-keys";
import { campaignIdSchema, getCampaignDetail, lastEventIdSchema, openProgressStream } from "@/lib/campaigns";
import { env } from "@/lib/env";
import { errorResponse, route } from "@/lib/http";
import { SSE_HEADERS } from "@/lib/sse";
import { workersOf } from "@/lib/context";
import { getAuth } from "@/lib/runtime/resources";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The platform's limit for one stream; it ends itself earlier (SSE_MAX_STREAM_SECONDS) and the client resumes.
export const maxDuration = 300;

// GET /api/campaigns/:id/events: progress over SSE (snapshot, then deltas; resumes from Last-Event-ID)
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const lastEventId = lastEventIdSchema.parse(req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("lastEventId"));
  const ctx = await context();
  const { actor } = ctx;
  const campaign = await getCampaignDetail(ctx, id);
  if (!campaign.ok) return errorResponse(campaign.error);
  const stream = openProgressStream({
    database: ctx.database,
    auth: await getAuth(),
    organizationId: ctx.organization.id,
    campaign: { id, status: campaign.value.status },
    worker: await workersOf(ctx),
    lastEventId,
    request: req,
    stillAllowed: actor.kind === "api_key" ? () => isApiKeyStillActive(ctx.db, actor.apiKey) : undefined,
    maxDurationMs: env.SSE_MAX_STREAM_SECONDS * 1000,
  });
  return new Response(stream, { headers: SSE_HEADERS });
});
