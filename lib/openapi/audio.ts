import { z } from "zod";
import { signedUrlQuerySchema } from "@/lib/audio";
import { type ApiPaths, jsonResponse } from "./operation";

/** The audio operations of the web API, by path (see lib/openapi/index.ts). */
export const audioPaths: ApiPaths = {
  "/api/audio/{file}": {
    get: {
      access: "public",
      summary: "A message's audio",
      description: "Needs a session or API key of the owning organisation (read scope), or the `org`, `exp` and `sig` an export signed. Range requests, strong ETag.",
      tags: ["Audio"],
      security: [{ apiKey: ["read"] }, { session: [] }, {}],
      requestParams: {
        path: z.object({ file: z.string().meta({ description: "<message key>.wav, .8k.wav, .ulaw, .mp3 or .ulaw.wav", example: `${"0".repeat(64)}.mp3` }) }),
        query: signedUrlQuerySchema.partial().extend({ download: z.literal("1").optional() }),
      },
      responses: {
        "200": { description: "The audio", content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) }, "audio/mpeg": {}, "audio/basic": {} } },
        "206": { description: "The requested byte range" },
        "403": jsonResponse("forbidden: the signature is wrong or expired"),
        "404": jsonResponse("not_found"),
        "409": jsonResponse("audio_not_ready, with Retry-After"),
      },
    },
  },
};
