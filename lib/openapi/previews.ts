import { z } from "zod";
import { type ApiPaths, jsonResponse } from "./operation";
import { previewLinkIdSchema } from "@/lib/previews";

/** The previews operations of the web API, by path (see lib/openapi/index.ts). */
export const previewsPaths: ApiPaths = {
  "/api/preview-links/{id}": {
    delete: { summary: "Revoke a preview link", tags: ["Previews"], requestParams: { path: previewLinkIdSchema }, responses: { "200": jsonResponse("The revoked link"), "404": jsonResponse("preview_not_found") } },
  },
  "/api/previews/{token}/audio/{key}": {
    get: {
      access: "public",
      summary: "Audio behind a preview link",
      description: "For the public preview page: the token in the path is the credential. Rate limited per client address.",
      tags: ["Previews"],
      requestParams: { path: z.object({ token: z.string().meta({ description: "The preview link's token" }), key: z.string().meta({ description: "A message key the link covers" }) }) },
      responses: {
        "200": { description: "WAV audio", content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } } },
        "206": { description: "The requested byte range" },
        "404": jsonResponse("preview_not_found"),
        "410": jsonResponse("preview_expired or preview_revoked"),
        "429": jsonResponse("rate_limited, with Retry-After"),
      },
    },
  },
};
