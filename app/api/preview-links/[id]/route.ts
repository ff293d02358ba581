import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";
import { previewLinkIdSchema, revokePreviewLink } from "@/lib/previews";

export const dynamic = "force-dynamic";

// DELETE /api/preview-links/:id: revoke a preview link at once
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = previewLinkIdSchema.parse(params);
  return respond(await revokePreviewLink(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES });
