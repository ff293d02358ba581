import { NextResponse } from "next/server";
import { listCampaignsOfContact } from "@/lib/campaigns";
import { contactIdSchema } from "@/lib/contacts";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/contacts/:id/campaigns: the campaigns that have this contact among their recipients, newest first
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = contactIdSchema.parse(params);
  return NextResponse.json({ items: await listCampaignsOfContact(await context(), id) });
});
