import { apiKeysPaths } from "./api-keys";
import { audioPaths } from "./audio";
import { authPaths } from "./auth";
import { callsPaths } from "./calls";
import { campaignsPaths } from "./campaigns";
import { contactsPaths } from "./contacts";
import { lexiconPaths } from "./lexicon";
import { organizationsPaths } from "./organizations";
import { previewsPaths } from "./previews";
import { schedulesPaths } from "./schedules";
import { systemPaths } from "./system";
import { templatesPaths } from "./templates";
import { voicesPaths } from "./voices";
import { buildOpenApiDocument } from "./document";
import { API_METHODS, jsonResponse, type ApiPaths } from "./operation";

export { buildOpenApiDocument } from "./document";
export { API_METHODS, jsonBody, jsonResponse, type ApiMethod, type ApiOperation, type ApiPaths, type OperationCaller } from "./operation";

/** The document describes itself too. */
const metaPaths: ApiPaths = {
  "/api/openapi.json": {
    get: {
      summary: "This document",
      description: "Needs a session or an API key, like the routes it describes: anonymous callers learn nothing about the schemas.",
      tags: ["Meta"],
      responses: { "200": jsonResponse("The OpenAPI 3.1 document") },
    },
  },
};

/**
 * Every domain's operations. A route under app/api/** is described in lib/openapi/<domain>.ts (a new
 * domain adds one line here); tests/integration/http/openapi.test.ts names any route on disk that is
 * missing from the document, and any operation without its route.
 */
const DOMAINS: readonly ApiPaths[] = [apiKeysPaths, audioPaths, authPaths, callsPaths, campaignsPaths, contactsPaths, lexiconPaths, organizationsPaths, previewsPaths, schedulesPaths, systemPaths, templatesPaths, voicesPaths, metaPaths];

/** The operations of every domain by path; an operation declared by two domains is a mistake, stopped here. */
export function apiPaths(): ApiPaths {
  const all: ApiPaths = {};
  for (const domain of DOMAINS) {
    for (const [path, item] of Object.entries(domain) as [keyof ApiPaths, ApiPaths[keyof ApiPaths]][]) {
      for (const method of API_METHODS) {
        if (!item[method]) continue;
        if (all[path]?.[method]) throw new Error(`${method.toUpperCase()} ${path} is described by two domains (lib/openapi/<domain>.ts).`);
        all[path] = { ...all[path], [method]: item[method] };
      }
    }
  }
  return all;
}

/** The OpenAPI 3.1 document served at /api/openapi.json. */
export const openApiDocument = (info: { version: string; serverUrl: string }) => buildOpenApiDocument(apiPaths(), info);
