import { NextResponse } from "next/server";
import { createCampaign, createCampaignSchema, listCampaigns } from "@/lib/campaigns";
import { getAppContext, getWorkerInfo } from "@/lib/context";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/campaigns: the organisation's campaigns, newest first, with progress counts
export const GET = route(async () => {
  const ctx = await getAppContext();
  return NextResponse.json({ campaigns: await listCampaigns(ctx) });
});

// POST /api/campaigns: create a draft campaign from a template and a contact selection
export const POST = route(async ({ req }) => {
  const input = createCampaignSchema.parse(await req.json());
  const ctx = await getAppContext();
  return respond(await createCampaign(ctx, input, await getWorkerInfo()), { successStatus: 201 });
});
