import { NextResponse } from "next/server";
import { z } from "zod";
import { apiKeyDtoSchema, createApiKey, createApiKeySchema, createdApiKeySchema, listApiKeys } from "@/lib/api-keys";
import { jsonBody, jsonResponse, respond, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// GET /api/api-keys: the organisation's API keys (never their secrets), each with who created it; admins and the owner
export const GET = route(async ({ context }) => {
  return NextResponse.json({ apiKeys: await listApiKeys(await context()) });
}, { role: "admin", openapi: { summary: "List API keys", description: "An admin or the owner, signed in.", tags: ["API keys"], responses: { "200": jsonResponse("The organisation's keys, revoked ones included", z.object({ apiKeys: z.array(apiKeyDtoSchema) })) } } });

// POST /api/api-keys: an admin or the owner, signed in, creates a key; the whole key is in this answer only
export const POST = route(async ({ req, context }) => {
  const input = createApiKeySchema.parse(await req.json());
  return respond(await createApiKey(await context(), input), { successStatus: 201 });
}, {
  role: "admin",
  openapi: {
    summary: "Create an API key",
    description: "An admin or the owner, signed in, only (a key cannot create keys). It is revoked when its creator leaves the team or is made staff. The whole key is in this answer and never again.",
    tags: ["API keys"],
    requestBody: jsonBody(createApiKeySchema),
    responses: { "201": jsonResponse("The key, with its token", createdApiKeySchema) },
  },
});
