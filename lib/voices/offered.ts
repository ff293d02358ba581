import { languageOfVoice, parseVoiceMix, primaryLanguage, VOICE_LANGUAGES, voiceSpeaks } from "@/lib/protocol/tts";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";

/** The voices of a voice string: its one id, or every voice a mix blends. Empty when it does not parse. */
export function voicesIn(voice: string): string[] {
  const parsed = parseVoiceMix(voice);
  return parsed.ok ? parsed.parts.map((part) => part.voice) : [];
}

/**
 * Whether the running engine can speak this voice or mix: every voice it names must be one the worker
 * offers. The error names the missing ones, so "af_heart(2)+af_belle(1)" points at the typo.
 */
export function checkVoiceOffered(voice: string, offered: readonly string[]): AppError<"unknown_voice"> | null {
  const parts = voicesIn(voice);
  const missing = parts.length ? parts.filter((id) => !offered.includes(id)) : [voice];
  if (missing.length === 0) return null;
  const names = missing.map((id) => `"${id}"`).join(", ");
  return appError("unknown_voice", `${names} ${missing.length === 1 ? "is not a voice" : "are not voices"} this worker offers. Pick from: ${offered.slice(0, 8).join(", ")}${offered.length > 8 ? "…" : ""}`);
}

/**
 * A voice the worker offers, with the language it speaks: `language` is the tag of what it says ("en-us",
 * "es-419"), `languageName` how a person calls it ("Spanish (Latin America)"). Both come from the one
 * table of voice languages in lib/protocol/tts.ts, read from the voice id's first letter.
 */
export type OfferedVoice = { id: string; language: string; languageName: string };

/** The offered voice ids (as the worker's readiness lists them) with their languages. */
export function describeOfferedVoices(offered: readonly string[]): OfferedVoice[] {
  return offered.map((id) => {
    const language = languageOfVoice(id);
    return { id, language: language?.language ?? "und", languageName: language?.name ?? "an unknown language" };
  });
}

/** A language's name for messages: "Spanish" for "es", "Spanish (Latin America)" never needed here. */
function languageName(tag: string): string {
  const primary = primaryLanguage(tag);
  const row = Object.values(VOICE_LANGUAGES).find((l) => primaryLanguage(l.language) === primary);
  return row ? row.name.replace(/ \(.*\)$/, "") : `"${tag}"`;
}

/**
 * Whether a voice (one id or a mix, which speaks as its heaviest voice) speaks the message's language
 * ("es", "es-419" and "es-MX" are all Spanish). The error says what the voice speaks and, given the offered
 * voices, which of them would do: `"af_heart" speaks English, not Spanish. Pick a Spanish voice: ef_dora, …`.
 */
export function assertVoiceSpeaks(
  voice: string,
  language: string,
  offered: readonly string[] = [],
): Result<OfferedVoice, AppError<"voice_language_mismatch">> {
  const spoken = languageOfVoice(voice);
  if (spoken && voiceSpeaks(voice, language)) return ok({ id: voice, language: spoken.language, languageName: spoken.name });
  const wanted = languageName(language);
  const fitting = offered.filter((id) => voiceSpeaks(id, language));
  const pick = fitting.length > 0 ? `Pick a ${wanted} voice: ${fitting.slice(0, 8).join(", ")}${fitting.length > 8 ? "…" : ""}.` : `No voice offered speaks ${wanted}.`;
  const speaks = spoken ? `speaks ${spoken.name.replace(/ \(.*\)$/, "")}, not ${wanted}` : `is not a voice of ${wanted}`;
  return err(appError("voice_language_mismatch", `"${voice}" ${speaks}. ${pick}`));
}
