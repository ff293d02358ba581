import { NextResponse } from "next/server";
import { createCampaign, createCampaignSchema, listCampaigns } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns: the organisation's campaigns, newest first, with progress counts
export const GET = route(async ({ context }) => {
  const ctx = await context();
  return NextResponse.json({ campaigns: await listCampaigns(ctx) });
});

// POST /api/campaigns: create a draft campaign from a template and a contact selection
export const POST = route(async ({ req, context }) => {
  const input = createCampaignSchema.parse(await req.json());
  const ctx = await context();
  return respond(await createCampaign(ctx, input), { successStatus: 201 });
});
