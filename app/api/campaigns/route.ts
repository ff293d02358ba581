import { NextResponse } from "next/server";
import { createCampaign, createCampaignSchema, listCampaigns } from "@/lib/campaigns";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns: the organisation's campaigns, newest first, with progress counts
export const GET = route(async ({ context }) => {
  const ctx = await context();
  return NextResponse.json({ campaigns: await listCampaigns(ctx) });
}, { openapi: { summary: "List campaigns", tags: ["Campaigns"], responses: { "200": jsonResponse("The organisation's campaigns, newest first, with progress counts") } } });

// POST /api/campaigns: create a draft campaign from a template and a contact selection
export const POST = route(async ({ req, context }) => {
  const input = createCampaignSchema.parse(await req.json());
  const ctx = await context();
  return respond(await createCampaign(ctx, input), { successStatus: 201 });
}, {
  openapi: {
    summary: "Create a draft campaign",
    tags: ["Campaigns"],
    requestBody: jsonBody(createCampaignSchema),
    responses: { "201": jsonResponse("The draft, with its recipient count"), "422": jsonResponse("template_invalid, unknown_voice, speed_out_of_range, no_recipients, too_many_recipients") },
  },
});
