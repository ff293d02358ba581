import { z } from "zod";
import { parseVoiceMix } from "@/lib/protocol/tts";

export const MAX_MIX_NAME_CHARS = 60;
/** Five voices with weights fit easily; the worker's own cap on a voice string is 256. */
export const MAX_VOICE_CHARS = 256;

/**
 * A voice as campaigns, auditions and saved mixes take it: one voice id or a mix such as
 * "af_heart(2)+af_bella(1)", checked by the worker's own parser (lib/protocol) so the web never accepts
 * a spelling the worker refuses. Blanks around the parts are dropped.
 */
export const voiceSchema = z
  .string()
  .trim()
  .min(1, "Pick a voice")
  .max(MAX_VOICE_CHARS, `A voice is at most ${MAX_VOICE_CHARS} characters`)
  .transform((voice) => voice.split("+").map((part) => part.trim()).join("+"))
  .superRefine((voice, ctx) => {
    const parsed = parseVoiceMix(voice);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  });

const mixNameSchema = z
  .string()
  .trim()
  .min(1, "Give the mix a name")
  .max(MAX_MIX_NAME_CHARS, `Keep the name under ${MAX_MIX_NAME_CHARS} characters`);

export const createVoiceMixSchema = z.object({ name: mixNameSchema, voice: voiceSchema });
export type CreateVoiceMixInput = z.infer<typeof createVoiceMixSchema>;

export const renameVoiceMixSchema = z.object({ name: mixNameSchema });
export type RenameVoiceMixInput = z.infer<typeof renameVoiceMixSchema>;

/** A saved voice mix in a path (`/api/voice-mixes/:id`). */
export const voiceMixIdSchema = z.object({ id: z.uuid() });
