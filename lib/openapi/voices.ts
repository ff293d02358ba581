import { z } from "zod";
import { type ApiPaths, jsonBody, jsonResponse } from "./operation";
import { auditionSchema } from "@/lib/renders/audition";
import { createVoiceMixSchema, renameVoiceMixSchema, voiceMixIdSchema } from "@/lib/voices";

/** The voices operations of the web API, by path (see lib/openapi/index.ts). */
export const voicesPaths: ApiPaths = {
  "/api/voice-mixes": {
    get: { summary: "List saved voice mixes", tags: ["Voices"], responses: { "200": jsonResponse("The organisation's saved mixes, by name") } },
    post: {
      summary: "Save a voice mix",
      tags: ["Voices"],
      requestBody: jsonBody(createVoiceMixSchema),
      responses: { "201": jsonResponse("The saved mix"), "409": jsonResponse("voice_mix_name_taken"), "422": jsonResponse("unknown_voice, or too_many_voice_mixes (at most 100 per organisation)") },
    },
  },
  "/api/voice-mixes/{id}": {
    patch: {
      summary: "Rename a saved voice mix",
      tags: ["Voices"],
      requestParams: { path: voiceMixIdSchema },
      requestBody: jsonBody(renameVoiceMixSchema),
      responses: { "200": jsonResponse("The renamed mix"), "404": jsonResponse("voice_mix_not_found"), "409": jsonResponse("voice_mix_name_taken") },
    },
    delete: { summary: "Delete a saved voice mix", tags: ["Voices"], requestParams: { path: voiceMixIdSchema }, responses: { "200": jsonResponse("The deleted mix's id"), "404": jsonResponse("voice_mix_not_found") } },
  },
  "/api/voices/audition": {
    post: {
      scope: "read",
      summary: "Audition a voice",
      description: "Renders a short sample and stores nothing, so a read key may call it although it is a POST.",
      tags: ["Voices"],
      requestBody: jsonBody(auditionSchema),
      responses: { "200": { description: "An MP3 sample, streamed as it is rendered", content: { "audio/mpeg": { schema: z.string().meta({ format: "binary" }) } } }, "422": jsonResponse("unknown_voice"), "503": jsonResponse("worker_unavailable") },
    },
  },
};
