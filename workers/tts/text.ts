/**
 * Text preparation for the model: strip what the model cannot say (control and format characters), and
 * split into sentence-sized chunks so that no chunk passes kokoro-js's 510-token limit (its `generate()`
 * silently truncates past it). Nothing is ever dropped: over-long sentences are split at clause boundaries,
 * then between words, and as a last resort inside a word.
 *
 * We never hand raw text to kokoro-js's own TextSplitterStream: in 1.2.1 it loops forever on inputs such
 * as "@handle\n" (an "@" word followed by a newline), and `stream("string")` hangs. Newlines are turned into
 * sentence boundaries here, so kokoro-js only ever sees single-line chunks.
 */
import { MAX_TEXT_PIECE_CHARS, primaryLanguage } from "../../lib/protocol/tts";

export type Pause = "sentence" | "clause" | "word" | "none";
export type TextChunk = { text: string; pauseAfter: Pause };


// C0/C1 controls (except whitespace), DEL, and invisible format characters (zero-width, bidi overrides, BOM).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** Removes control characters and normalises line breaks and spaces; keeps every word. */
export function sanitizeText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?|\u2028|\u2029|\u0085/g, "\n")
    .replace(CONTROL, "")
    .replace(/[^\S\n]+/g, " ")
    .replace(/ *\n[\n ]*/g, "\n")
    .trim();
}

type SentenceRules = { abbreviations: ReadonlySet<string>; boundary: RegExp };

const ENGLISH: SentenceRules = {
  abbreviations: new Set([
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "etc", "inc", "ltd", "co", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "a.m", "p.m",
  ]),
  // ., !, ?, … (plus closing quotes/brackets) followed by a space.
  boundary: /[.!?…]+["'”’)\]]*(?= )/g,
};

/**
 * Spanish opens questions and exclamations with ¿ and ¡, so a sentence also ends right before one ("Gracias.¿Viene?"),
 * and its own abbreviations (Dra., Srta., Lic., Ud.) do not end one.
 */
const SPANISH: SentenceRules = {
  abbreviations: new Set([
    "dr", "dra", "sr", "sra", "srta", "sres", "lic", "lcda", "lcdo", "ing", "prof", "profa", "ud", "uds", "av",
    "avda", "núm", "tel", "pág", "etc", "aprox", "dpto", "depto", "ene", "feb", "mar", "abr", "jun", "jul", "ago",
    "sep", "sept", "oct", "nov", "dic", "a.m", "p.m", "ee.uu",
  ]),
  boundary: /[.!?…]+["'”’»)\]]*(?=[ ¿¡])/g,
};

const SENTENCE_RULES: Readonly<Record<string, SentenceRules>> = { en: ENGLISH, es: SPANISH };

/** Splits one line into sentences at the language's sentence punctuation. */
function splitSentences(line: string, rules: SentenceRules): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of line.matchAll(rules.boundary)) {
    const end = match.index + match[0].length;
    const before = line.slice(start, end);
    const lastWord = (before.split(" ").at(-1) ?? "").replace(/[.!?…"'”’»)\]]+$/, "").toLowerCase();
    // "Dr. Smith", "2 p.m. tomorrow": a period after an abbreviation or an initial is not an end.
    if (match[0] === "." && (rules.abbreviations.has(lastWord) || /^\p{L}$/u.test(lastWord))) continue;
    const sentence = before.trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = line.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Greedily packs `parts` (already joined by `sep`) into pieces of at most maxChars. */
function pack(parts: string[], sep: string, maxChars: number): string[] {
  const out: string[] = [];
  let current = "";
  for (const part of parts) {
    const candidate = current ? current + sep + part : part;
    if (candidate.length <= maxChars) current = candidate;
    else {
      if (current) out.push(current);
      current = part;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Cuts a word longer than maxChars (a URL, a run of digits) without splitting a surrogate pair. */
function hardSplit(word: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const char of word) {
    if (current.length + char.length > maxChars && current) {
      pieces.push(current);
      current = "";
    }
    current += char;
  }
  if (current) pieces.push(current);
  return pieces;
}

function splitLong(sentence: string, maxChars: number): TextChunk[] {
  if (sentence.length <= maxChars) return [{ text: sentence, pauseAfter: "sentence" }];
  const chunks: TextChunk[] = [];
  // Clause boundaries: keep the punctuation with the clause before it.
  const clauses = sentence.split(/(?<=[,;:—–])\s+/).filter(Boolean);
  const packedClauses = pack(clauses, " ", maxChars);
  packedClauses.forEach((clause, ci) => {
    const clausePause: Pause = ci === packedClauses.length - 1 ? "sentence" : "clause";
    if (clause.length <= maxChars) return chunks.push({ text: clause, pauseAfter: clausePause });
    const words = clause.split(" ").flatMap((word) =>
      word.length <= maxChars ? [word] : hardSplit(word, maxChars),
    );
    const packedWords = pack(words, " ", maxChars);
    packedWords.forEach((piece, wi) =>
      chunks.push({ text: piece, pauseAfter: wi === packedWords.length - 1 ? clausePause : "word" }),
    );
  });
  return chunks;
}

/**
 * Sanitises `text` and splits it into chunks of at most `maxChars` characters: one per sentence, over-long
 * sentences at clause boundaries, then words. Concatenating the chunks' words gives the sanitised words back.
 * `language` (a tag such as "es-419") picks the sentence rules; English's when it is unset or has none.
 * Spanish phonemizes to about as many tokens as characters, like English, so the same character limit keeps
 * a Spanish chunk under Kokoro's 510 tokens (and a chunk that still phonemizes long is split again).
 */
export function splitText(text: string, maxChars: number = MAX_TEXT_PIECE_CHARS, language?: string): TextChunk[] {
  const rules = (language && SENTENCE_RULES[primaryLanguage(language)]) || ENGLISH;
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError("maxChars must be a positive integer");
  const lines = sanitizeText(text)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const chunks = lines.flatMap((line) => splitSentences(line, rules).flatMap((s) => splitLong(s, maxChars)));
  if (chunks.length > 0) chunks[chunks.length - 1] = { ...chunks[chunks.length - 1]!, pauseAfter: "none" };
  return chunks;
}
