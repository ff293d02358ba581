import { z } from "zod";
import { type ApiPaths, jsonResponse } from "./operation";

/** The system operations of the web API, by path (see lib/openapi/index.ts). */
export const systemPaths: ApiPaths = {
  "/api/cron/dispatch": {
    get: {
      access: "public",
      summary: "Serverless dispatch and automation pass",
      description: "For the host's scheduler (Vercel Cron): needs `Authorization: Bearer $CRON_SECRET`, not an API key.",
      tags: ["Operations"],
      responses: { "200": jsonResponse("What the pass dispatched, and the schedules and webhooks it ran"), "401": jsonResponse("A valid CRON_SECRET bearer token is required") },
    },
  },
  "/api/health": {
    get: { access: "public", summary: "Liveness", tags: ["Operations"], responses: { "200": jsonResponse("The process answers", z.object({ status: z.literal("ok") })) } },
  },
  "/api/workers": {
    get: { summary: "TTS worker status", tags: ["Operations"], responses: { "200": jsonResponse("Engine, model, capacity and readiness of every configured worker (fresh probe)") } },
  },
};
