import { NextResponse } from "next/server";
import { campaignIdSchema } from "@/lib/campaigns";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";
import { createPreviewLink, createPreviewLinkSchema, listPreviewLinks } from "@/lib/previews";

export const dynamic = "force-dynamic";

// GET /api/campaigns/:id/previews: the campaign's preview links (never their tokens)
export const GET = route<{ id: string }>(async ({ params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  return NextResponse.json({ links: await listPreviewLinks(await context(), id) });
}, { openapi: { summary: "List preview links", tags: ["Previews"], requestParams: { path: campaignIdSchema }, responses: { "200": jsonResponse("The campaign's preview links, never their tokens") } } });

// POST /api/campaigns/:id/previews: a new expiring link for the campaign or one recipient
export const POST = route<{ id: string }>(async ({ req, params, context }) => {
  const { id } = campaignIdSchema.parse(params);
  const input = createPreviewLinkSchema.parse({ ...(await req.json().catch(() => ({}))), campaignId: id });
  return respond(await createPreviewLink(await context(), input), { successStatus: 201 });
}, {
  openapi: {
    summary: "Create a preview link",
    tags: ["Previews"],
    requestParams: { path: campaignIdSchema },
    requestBody: jsonBody(createPreviewLinkSchema.omit({ campaignId: true })),
    responses: { "201": jsonResponse("The link, with its token and path (shown once)"), "404": jsonResponse("campaign_not_found or recipient_not_found") },
  },
});
