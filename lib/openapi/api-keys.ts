import { z } from "zod";
import { apiKeyDtoSchema, apiKeyIdSchema, createApiKeySchema, createdApiKeySchema } from "@/lib/api-keys";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";

/** The api-keys operations of the web API, by path (see lib/openapi/index.ts). */
export const apiKeysPaths: ApiPaths = {
  "/api/api-keys": {
    get: { role: "admin", summary: "List API keys", description: "An admin or the owner, signed in.", tags: ["API keys"], responses: { "200": jsonResponse("The organisation's keys, revoked ones included", z.object({ apiKeys: z.array(apiKeyDtoSchema) })) } },
    post: {
      role: "admin",
      summary: "Create an API key",
      description: "An admin or the owner, signed in, only (a key cannot create keys). It is revoked when its creator leaves the team or is made staff. The whole key is in this answer and never again.",
      tags: ["API keys"],
      requestBody: jsonBody(createApiKeySchema),
      responses: { "201": jsonResponse("The key, with its token", createdApiKeySchema) },
    },
  },
  "/api/api-keys/{id}": {
    delete: {
      role: "admin",
      summary: "Revoke an API key",
      description: "An admin or the owner, signed in, only. Its next request gets 401.",
      tags: ["API keys"],
      requestParams: { path: apiKeyIdSchema },
      responses: { "200": jsonResponse("The revoked key", apiKeyDtoSchema), "404": jsonResponse("api_key_not_found (unknown, another organisation's, or revoked already)") },
    },
  },
};
