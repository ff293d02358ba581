import { z } from "zod";
import { errorResponse, jsonBody, jsonResponse, route } from "@/lib/http";
import { loadLexicon } from "@/lib/lexicon";
import { auditionSchema, auditionVoice } from "@/lib/renders/audition";
import { getWorkerPoolStatus, getWorkerPool } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// POST /api/voices/audition: a short MP3 sample of a voice (or mix) and speed, said with the dictionary, streamed as the worker renders it
export const POST = route(async ({ req, context }) => {
  const ctx = await context();
  const input = auditionSchema.parse(await req.json());
  await getWorkerPoolStatus();
  const lexicon = await loadLexicon(ctx, input.pronunciation ? [input.pronunciation] : []);
  const result = await auditionVoice(getWorkerPool(), input, req.signal, lexicon);
  if (!result.ok) return errorResponse(result.error);
  return new Response(result.value.body, { headers: { "content-type": result.value.contentType, "cache-control": "no-store", "x-tts-engine": result.value.engine } });
}, {
  scope: "read",
  openapi: {
    summary: "Audition a voice",
    description: "Renders a short sample and stores nothing, so a read key may call it although it is a POST.",
    tags: ["Voices"],
    requestBody: jsonBody(auditionSchema),
    responses: { "200": { description: "An MP3 sample, streamed as it is rendered", content: { "audio/mpeg": { schema: z.string().meta({ format: "binary" }) } } }, "422": jsonResponse("unknown_voice"), "503": jsonResponse("worker_unavailable") },
  },
});
