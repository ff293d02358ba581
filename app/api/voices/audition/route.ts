import { errorResponse, route } from "@/lib/http";
import { loadLexicon } from "@/lib/lexicon";
import { auditionSchema, auditionVoice } from "@/lib/renders/audition";
import { getWorkerPoolStatus, getWorkerPool } from "@/lib/worker-client";

export const dynamic = "force-dynamic";

// POST /api/voices/audition: a short WAV sample of a voice and speed, said with the dictionary, rendered by the worker
export const POST = route(async ({ req, context }) => {
  const ctx = await context();
  const input = auditionSchema.parse(await req.json());
  await getWorkerPoolStatus();
  const result = await auditionVoice(getWorkerPool(), input, await loadLexicon(ctx, input.pronunciation ? [input.pronunciation] : []));
  if (!result.ok) return errorResponse(result.error);
  return new Response(new Uint8Array(result.value.wav), { headers: { "content-type": "audio/wav", "cache-control": "no-store", "x-tts-engine": result.value.engine } });
});
