import { previewMessages, previewMessagesSchema } from "@/lib/campaigns";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/templates/preview: merged and spoken text of a template for a few sample contacts
export const POST = route(async ({ req, context }) => {
  const input = previewMessagesSchema.parse(await req.json());
  return respond(await previewMessages(await context(), input));
}, {
  scope: "read",
  openapi: {
    summary: "Preview a template",
    description: "Changes nothing, so a read key may call it although it is a POST.",
    tags: ["Campaigns"],
    requestBody: jsonBody(previewMessagesSchema),
    responses: { "200": jsonResponse("Merged and spoken text for a few sample contacts"), "422": jsonResponse("template_invalid or message_too_long") },
  },
});
