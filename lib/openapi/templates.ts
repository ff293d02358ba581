import { previewMessagesSchema } from "@/lib/campaigns";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";

/** The templates operations of the web API, by path (see lib/openapi/index.ts). */
export const templatesPaths: ApiPaths = {
  "/api/templates/preview": {
    post: {
      scope: "read",
      summary: "Preview a template",
      description: "Changes nothing, so a read key may call it although it is a POST.",
      tags: ["Campaigns"],
      requestBody: jsonBody(previewMessagesSchema),
      responses: { "200": jsonResponse("Merged and spoken text for a few sample contacts"), "422": jsonResponse("template_invalid or message_too_long") },
    },
  },
};
