import { z } from "zod";
import { pronunciationSchema, type Lexicon } from "@/lib/lexicon";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { normalizeForSpeech } from "@/lib/speech";
import { checkVoiceOffered, voiceSchema } from "@/lib/voices";
import type { SpeechStream, WorkerPool } from "@/lib/worker-client";

export const auditionSchema = z.object({
  voice: voiceSchema,
  speed: z.coerce.number().min(0.5).max(2).default(1),
  text: z.string().trim().min(1, "Type something to hear").max(400, "Auditions are limited to 400 characters"),
  /** A dictionary entry to hear before it is saved; it replaces a saved entry of the same word. */
  pronunciation: pronunciationSchema.optional(),
});
export type AuditionInput = z.infer<typeof auditionSchema>;

/**
 * Renders a short sample (normalised and said with the dictionary, like campaign text) for the "audition"
 * buttons, as MP3 that streams sentence by sentence: the first words can play while the rest is rendered.
 * Aborting `signal`, or cancelling the returned stream, stops the worker's render.
 */
export async function auditionVoice(pool: WorkerPool, input: AuditionInput, signal?: AbortSignal, lexicon?: Lexicon): Promise<Result<SpeechStream, AppError<"worker_unavailable" | "unknown_voice">>> {
  const info = pool.info();
  if (!info) return err(appError("worker_unavailable", "The voice worker is not ready yet. Try again in a moment."));
  const unknown = checkVoiceOffered(input.voice, info.voices);
  if (unknown) return err(unknown);
  const spoken = normalizeForSpeech(input.text);
  const text = lexicon ? lexicon.apply(spoken).text : spoken;
  const result = await pool.streamSpeech({ model: "kokoro", input: text, voice: input.voice, speed: input.speed, response_format: "mp3" }, { signal });
  if (!result.ok) return err(appError("worker_unavailable", `The voice worker could not render the sample (${result.error.message}).`));
  return ok(result.value);
}
