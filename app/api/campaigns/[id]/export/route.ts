import { z } from "zod";
import { AUDIO_PROFILES } from "@/lib/audio";
import { getAudioUrlSigningKey } from "@/lib/auth";
import { campaignIdSchema, exportCampaignAudio } from "@/lib/campaigns";
import { env } from "@/lib/env";
import { errorResponse, jsonResponse, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const querySchema = z.object({ format: z.enum(["csv", "json"]).default("csv"), profile: z.enum(AUDIO_PROFILES).default("generic") });

// GET /api/campaigns/:id/export?format=csv|json&profile=generic|twilio|asterisk|freeswitch: every recipient's signed audio URLs (30 days) and status
export const GET = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const { format, profile } = querySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const result = await exportCampaignAudio(await context(), id, env.APP_URL, { format, profile }, { key: getAudioUrlSigningKey() });
  if (!result.ok) return errorResponse(result.error);
  return new Response(result.value.body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
      "content-disposition": `attachment; filename="${result.value.fileName}"`,
      "cache-control": "no-store",
    },
  });
}, {
  openapi: {
    summary: "Export recipients with signed audio URLs",
    description: "One signed URL per format of the phone-system profile (valid 30 days), with each recipient's status.",
    tags: ["Campaigns"],
    requestParams: { path: campaignIdSchema, query: querySchema },
    responses: { "200": { description: "A CSV or JSON attachment", content: { "text/csv": { schema: z.string() }, "application/json": {} } }, "404": jsonResponse("campaign_not_found") },
  },
});
