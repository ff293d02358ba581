import { z } from "zod";
import { isApiKeyStillActive } from "@/lib/api-keys";
import { campaignIdSchema, getCampaignDetail, openProgressStream } from "@/lib/campaigns";
import { env } from "@/lib/env";
import { errorResponse, jsonResponse, route } from "@/lib/http";
import { SSE_HEADERS } from "@/lib/sse";
import { workersOf } from "@/lib/context";
import { getAuth } from "@/lib/runtime/resources";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// The platform's limit for one stream; it ends itself earlier (SSE_MAX_STREAM_SECONDS) and the client resumes.
export const maxDuration = 300;

const lastEventIdSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable();

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
}, {
  openapi: {
    summary: "Live progress (Server-Sent Events)",
    description: "A snapshot, then deltas, each with an `id:`; reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume. The stream ends when the viewer's session or API key no longer holds.",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema, query: z.object({ lastEventId: lastEventIdSchema.optional() }), header: z.object({ "last-event-id": lastEventIdSchema.optional() }) },
    responses: { "200": { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } }, "404": jsonResponse("campaign_not_found") },
  },
});
