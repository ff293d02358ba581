import { z } from "zod";
import { pronunciationSchema, type Lexicon } from "@/lib/lexicon";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { normalizeForSpeech } from "@/lib/speech";
import { DEFAULT_LANGUAGE, spokenLanguageSchema } from "@/lib/values/languages";
import { checkVoiceOffered, voiceSchema } from "@/lib/voices";
import type { SpeechStream, WorkerPool } from "@/lib/worker-client";

export const auditionSchema = z.object({
  voice: voiceSchema,
  speed: z.coerce.number().min(0.5).max(2).default(1),
  text: z.string().trim().min(1, "Type something to hear").max(400, "Auditions are limited to 400 characters"),
  /** A dictionary entry to hear before it is saved; it replaces a saved entry of the same word in its language. */
  pronunciation: pronunciationSchema.optional(),
  /** The language the text is written in (default: the entry's, else English): its speech rules and dictionary. */
  language: spokenLanguageSchema.optional(),
});

/** The language an audition's text is normalised and said in. */
export function auditionLanguage(input: Pick<AuditionInput, "language" | "pronunciation">): string {
  return input.language ?? input.pronunciation?.language ?? DEFAULT_LANGUAGE;
}
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
  const language = auditionLanguage(input);
  const spoken = language === DEFAULT_LANGUAGE ? normalizeForSpeech(input.text) : normalizeForSpeech(input.text, { language });
  const text = lexicon ? lexicon.apply(spoken).text : spoken;
  const result = await pool.streamSpeech({ model: "kokoro", input: text, voice: input.voice, speed: input.speed, response_format: "mp3" }, { signal });
  if (!result.ok) return err(appError("worker_unavailable", `The voice worker could not render the sample (${result.error.message}).`));
  return ok(result.value);
}
