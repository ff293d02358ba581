import { z } from "zod";
import { errorResponse, jsonBody, jsonResponse, route } from "@/lib/http";
import { auditionSchema, auditionVoice } from "@/lib/renders/audition";
import { getWorkerPoolStatus, getWorkerPool } from "@/lib/worker-client";

export const dynamic = "force-dynamic";

// POST /api/voices/audition: a short WAV sample of a voice and speed, rendered by the worker
export const POST = route(async ({ req, context }) => {
  await context();
  const input = auditionSchema.parse(await req.json());
  await getWorkerPoolStatus();
  const result = await auditionVoice(getWorkerPool(), input);
  if (!result.ok) return errorResponse(result.error);
  return new Response(new Uint8Array(result.value.wav), { headers: { "content-type": "audio/wav", "cache-control": "no-store", "x-tts-engine": result.value.engine } });
}, {
  scope: "read",
  openapi: {
    summary: "Audition a voice",
    description: "Renders a short sample and stores nothing, so a read key may call it although it is a POST.",
    tags: ["Voices"],
    requestBody: jsonBody(auditionSchema),
    responses: { "200": { description: "A WAV sample", content: { "audio/wav": { schema: z.string().meta({ format: "binary" }) } } }, "422": jsonResponse("unknown_voice"), "503": jsonResponse("worker_unavailable") },
  },
});
