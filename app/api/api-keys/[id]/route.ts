import { apiKeyDtoSchema, apiKeyIdSchema, revokeApiKey } from "@/lib/api-keys";
import { IGNORED_BODY_MAX_BYTES, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// DELETE /api/api-keys/:id: an admin or the owner, signed in, revokes a key; its next request gets 401
export const DELETE = route<{ id: string }>(async ({ params, context }) => {
  const { id } = apiKeyIdSchema.parse(params);
  return respond(await revokeApiKey(await context(), id));
}, {
  maxBodyBytes: IGNORED_BODY_MAX_BYTES,
  role: "admin",
  openapi: {
    summary: "Revoke an API key",
    description: "An admin or the owner, signed in, only. Its next request gets 401.",
    tags: ["API keys"],
    requestParams: { path: apiKeyIdSchema },
    responses: { "200": jsonResponse("The revoked key", apiKeyDtoSchema), "404": jsonResponse("api_key_not_found (unknown, another organisation's, or revoked already)") },
  },
});
