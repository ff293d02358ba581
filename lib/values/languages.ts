import { z } from "zod";
import { primaryLanguage, VOICE_LANGUAGES } from "@/lib/protocol/tts";

/** A language messages can be said in, by its primary tag ("es") and its name for people ("Spanish"). */
export type SpokenLanguage = { code: string; name: string };

/**
 * The languages the voices speak: each row of VOICE_LANGUAGES that has a phonemizer, once per primary tag
 * ("en-us" and "en-gb" are both English), in the table's order. Adding a language there adds it here.
 */
export const SPOKEN_LANGUAGES: readonly SpokenLanguage[] = Object.freeze(
  [...new Map(Object.values(VOICE_LANGUAGES).flatMap((row) => (row.phonemizer === null ? [] : [[primaryLanguage(row.language), row.name.replace(/ \(.*\)$/, "")] as const]))).entries()].map(
    ([code, name]) => Object.freeze({ code, name }),
  ),
);

/** What an organisation speaks until it picks another language, and what entries and requests without one are. */
export const DEFAULT_LANGUAGE = "en";

/** "Spanish" for "es" (or "es-419"); the tag itself for a language the voices do not speak. */
export function spokenLanguageName(tag: string): string {
  return SPOKEN_LANGUAGES.find((l) => l.code === primaryLanguage(tag))?.name ?? tag;
}

/** One of SPOKEN_LANGUAGES by its primary tag; "ES" and "es-419" are read as "es". */
export const spokenLanguageSchema = z
  .string()
  .trim()
  .transform((tag) => primaryLanguage(tag))
  .refine((code) => SPOKEN_LANGUAGES.some((l) => l.code === code), {
    message: `The language must be one of ${SPOKEN_LANGUAGES.map((l) => `${l.code} (${l.name})`).join(", ")}.`,
  });
