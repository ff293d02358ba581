import { z } from "zod";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";
import { revokePreviewLink } from "@/lib/previews";

export const dynamic = "force-dynamic";

const previewLinkIdSchema = z.object({ id: z.uuid() });

// DELETE /api/preview-links/:id: revoke a preview link at once
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = previewLinkIdSchema.parse(params);
  return respond(await revokePreviewLink(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  openapi: { summary: "Revoke a preview link", tags: ["Previews"], requestParams: { path: previewLinkIdSchema }, responses: { "200": jsonResponse("The revoked link"), "404": jsonResponse("preview_not_found") } },
});
