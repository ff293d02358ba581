import { apiKeyIdSchema, revokeApiKey } from "@/lib/api-keys";
import { IGNORED_BODY_MAX_BYTES, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// DELETE /api/api-keys/:id: an admin or the owner, signed in, revokes a key; its next request gets 401
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = apiKeyIdSchema.parse(params);
  return respond(await revokeApiKey(await context(), id));
}, { maxBodyBytes: IGNORED_BODY_MAX_BYTES, role: "admin" });
