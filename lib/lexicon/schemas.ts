import { z } from "zod";
import { DEFAULT_LANGUAGE, spokenLanguageSchema } from "@/lib/values/languages";
import { MAX_TERM_WORDS } from "./matcher";

export const MAX_TERM_CHARS = 64;
export const MAX_SAY_AS_CHARS = 100;
/** Entries one organisation may keep; the dictionary is compiled for every plan, so it stays small. */
export const MAX_PRONUNCIATIONS = 2_000;

// Words of letters, marks or digits, joined by a space, a hyphen or an apostrophe ("O'Brien", "Jean-Luc").
const TERM_RE = /^[\p{L}\p{M}\p{N}]+(?:[ '\u2019-][\p{L}\p{M}\p{N}]+)*$/u;
// Letters only, with spaces, hyphens, apostrophes and commas between: no digit (it would not be read as
// written) and no sentence punctuation (it would split the sentence and change the pauses).
const SAY_AS_RE = /^[\p{L}\p{M}]+(?:[ ,'\u2019-]+[\p{L}\p{M}]+)*$/u;

export const termSchema = z
  .string()
  .normalize("NFKC")
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, "Type the word or name as it is written.")
      .max(MAX_TERM_CHARS, `A word or name is at most ${MAX_TERM_CHARS} characters.`)
      .regex(TERM_RE, "A word or name is letters and digits, with spaces, hyphens or apostrophes between them (no other punctuation).")
      .refine((s) => s.split(/[ -]/).length <= MAX_TERM_WORDS, `A word or name is at most ${MAX_TERM_WORDS} words.`),
  );

export const sayAsSchema = z
  .string()
  .normalize("NFKC")
  .transform((s) => s.trim().replace(/\s+/g, " "))
  .pipe(
    z
      .string()
      .min(1, "Write how to say it, for example “win” for Nguyen.")
      .max(MAX_SAY_AS_CHARS, `How to say it is at most ${MAX_SAY_AS_CHARS} characters.`)
      .regex(SAY_AS_RE, "Write how to say it in letters (spaces, hyphens, apostrophes and commas allowed; no digits or other punctuation), for example “shiv-awn”."),
  );

/**
 * The letters a Spanish respelling may use: Spanish's own (a to z, á é í ó ú ü ñ). Spanish voices read a
 * respelling through eSpeak NG's es-419 phonemes, and these letters are the ones checked to come out only as
 * symbols in Kokoro's vocabulary (tests/unit/worker/phonemize-es.test.ts); any other letter ("θ", "ß", "ø")
 * could be dropped unheard.
 */
export const SPANISH_SAY_AS_LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúüñ";
const SPANISH_SAY_AS_RE = new RegExp(`^[${SPANISH_SAY_AS_LETTERS} ,'\u2019-]+$`, "i");

/** Why a respelling cannot be said in `language`, or null when it can. */
export function sayAsIssue(sayAs: string, language: string): string | null {
  return language === "es" && !SPANISH_SAY_AS_RE.test(sayAs) ? "A Spanish respelling uses Spanish letters only (a to z, á é í ó ú ü ñ), for example “güin” for Nguyen." : null;
}

function refineSayAs(entry: { sayAs: string; language?: string }, ctx: z.RefinementCtx): void {
  const issue = entry.language === undefined ? null : sayAsIssue(entry.sayAs, entry.language);
  if (issue) ctx.addIssue({ code: "custom", path: ["sayAs"], message: issue });
}

/** A dictionary entry: the word, how to say it, and the language of the messages it is said in (English when not given). */
export const pronunciationSchema = z.object({ term: termSchema, sayAs: sayAsSchema, language: spokenLanguageSchema.default(DEFAULT_LANGUAGE) }).superRefine(refineSayAs);
export type PronunciationInput = z.infer<typeof pronunciationSchema>;

/** An entry's edit: without `language` the entry keeps the language it has (a client that knows of none keeps it English). */
export const pronunciationPatchSchema = z.object({ term: termSchema, sayAs: sayAsSchema, language: spokenLanguageSchema.optional() }).superRefine(refineSayAs);
export type PronunciationPatch = z.infer<typeof pronunciationPatchSchema>;

export const pronunciationIdSchema = z.uuid("Not a pronunciation id.");

/** `?language=es`: only the entries of one language. */
export const pronunciationFilterSchema = z.object({ language: spokenLanguageSchema.optional() });
