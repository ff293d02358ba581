import { errorResponse, route } from "@/lib/http";
import { loadLexicon } from "@/lib/lexicon";
import { auditionLanguage, auditionSchema, auditionVoice } from "@/lib/renders/audition";
import { getWorkerPoolStatus, getWorkerPool } from "@/lib/runtime/resources";

export const dynamic = "force-dynamic";

// POST /api/voices/audition: a short MP3 sample of a voice (or mix) and speed, said with the dictionary, streamed as the worker renders it
export const POST = route(async ({ req, context }) => {
  const ctx = await context();
  const input = auditionSchema.parse(await req.json());
  await getWorkerPoolStatus();
  const lexicon = await loadLexicon(ctx, input.pronunciation ? [input.pronunciation] : [], auditionLanguage(input));
  const result = await auditionVoice(getWorkerPool(), input, req.signal, lexicon);
  if (!result.ok) return errorResponse(result.error);
  return new Response(result.value.body, { headers: { "content-type": result.value.contentType, "cache-control": "no-store", "x-tts-engine": result.value.engine } });
}, { scope: "read" });
