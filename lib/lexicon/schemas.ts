import { z } from "zod";
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

export const pronunciationSchema = z.object({ term: termSchema, sayAs: sayAsSchema });
export type PronunciationInput = z.infer<typeof pronunciationSchema>;

export const pronunciationIdSchema = z.uuid("Not a pronunciation id.");
