/**
 * The one entry to speech normalisation: text in the message's language, rewritten as it is said aloud.
 * English (the default, and any language without rules of its own yet) goes through ./normalize.ts unchanged,
 * so English text gives the same spoken text, and the same segment keys, as before languages existed.
 */
import { primaryLanguage } from "@/lib/protocol/tts";
import { normalizeSpanishForSpeech } from "./es";
import { normalizeForSpeech as normalizeEnglishForSpeech } from "./normalize";

export type SpeechLanguageOptions = {
  /** A language tag ("en", "es", "es-419", "es-MX"); only its language counts. Default "en". */
  language?: string;
};

/** The languages with normalisation rules of their own; adding one is a row here and a folder beside es/. */
const NORMALIZERS: Readonly<Record<string, (text: string) => string>> = {
  en: normalizeEnglishForSpeech,
  es: normalizeSpanishForSpeech,
};

export const SPEECH_LANGUAGES = Object.keys(NORMALIZERS);

/** Whether `language` has normalisation rules of its own (otherwise its text would be read by the English rules). */
export function hasSpeechRules(language: string): boolean {
  return Object.hasOwn(NORMALIZERS, primaryLanguage(language));
}

/**
 * Rewrites text the way a receptionist would read it aloud in `options.language` (see ./normalize.ts for the
 * English rules and ./es/normalize.ts for the Spanish ones). Idempotent and total in every language.
 */
export function normalizeForSpeech(text: string): string;
export function normalizeForSpeech(text: string, options: SpeechLanguageOptions): string;
export function normalizeForSpeech(text: string, options?: SpeechLanguageOptions): string {
  // Also called as an array callback (`texts.map(normalizeForSpeech)`): a second argument that is not options is English.
  const tag = typeof options === "object" && options !== null ? options.language : undefined;
  const language = tag === undefined ? "en" : primaryLanguage(tag);
  return (NORMALIZERS[language] ?? normalizeEnglishForSpeech)(text);
}
