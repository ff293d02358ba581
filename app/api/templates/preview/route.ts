import { previewMessages, previewMessagesSchema } from "@/lib/campaigns";
import { respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// POST /api/templates/preview: merged and spoken text of a template for a few sample contacts
export const POST = route(async ({ req, context }) => {
  const input = previewMessagesSchema.parse(await req.json());
  return respond(await previewMessages(await context(), input));
}, { scope: "read" });
