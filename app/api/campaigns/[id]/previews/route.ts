import { NextResponse } from "next/server";
import { campaignIdSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, listPreviewLinks } from "@/lib/previews";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/previews: the campaign's preview links (never their tokens)
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return NextResponse.json({ links: await listPreviewLinks(await context(), id) });
});

// POST /api/campaigns/:id/previews: a new expiring link for the campaign or one recipient
export const POST = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const input = createPreviewLinkSchema.parse({ ...(await req.json().catch(() => ({}))), campaignId: id });
  return respond(await createPreviewLink(await context(), input), { successStatus: 201 });
});
