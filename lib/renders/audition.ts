import { z } from "zod";
import { pronunciationSchema, type Lexicon } from "@/lib/lexicon";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { normalizeForSpeech } from "@/lib/speech";
import type { WorkerPool } from "@/lib/worker-client";

export const auditionSchema = z.object({
  voice: z.string().trim().min(1).max(64),
  speed: z.coerce.number().min(0.5).max(2).default(1),
  text: z.string().trim().min(1, "Type something to hear").max(400, "Auditions are limited to 400 characters"),
  /** A dictionary entry to hear before it is saved; it replaces a saved entry of the same word. */
  pronunciation: pronunciationSchema.optional(),
});
export type AuditionInput = z.infer<typeof auditionSchema>;

/** Renders a short sample (normalised and said with the dictionary, like campaign text) for the "audition" buttons. */
export async function auditionVoice(pool: WorkerPool, input: AuditionInput, lexicon?: Lexicon): Promise<Result<{ wav: Buffer; engine: string }, AppError<"worker_unavailable" | "unknown_voice">>> {
  const info = pool.info();
  if (!info) return err(appError("worker_unavailable", "The voice worker is not ready yet. Try again in a moment."));
  if (!info.voices.includes(input.voice)) return err(appError("unknown_voice", `"${input.voice}" is not a voice this worker offers.`));
  const spoken = normalizeForSpeech(input.text);
  const result = await pool.render({ text: lexicon ? lexicon.apply(spoken).text : spoken, voice: input.voice, speed: input.speed, format: "wav" });
  if (!result.ok) return err(appError("worker_unavailable", `The voice worker could not render the sample (${result.error.message}).`));
  return ok({ wav: result.value.bytes, engine: result.value.engine });
}
