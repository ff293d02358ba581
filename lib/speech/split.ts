import { MAX_TEXT_PIECE_CHARS } from "@/lib/protocol/tts";

// Starts only where a run of end marks starts, so a long run of dots is scanned once (linear time).
const SENTENCE_END_RE = /(?<![.!?])[.!?]+['")\]]*(?=\s|$)/g;
// Guards for text that was not normalised first: "Dr. Smith", "J. Smith", "e.g. this" must not split.
const NO_SPLIT_BEFORE_RE = /(?:^|[\s(])(?:[A-Za-z]|Dr|Mr|Mrs|Ms|St|Prof|Jr|Sr|vs|etc|No|e\.g|i\.e|approx|appt)\.$/;
const CLAUSE_END_RE = /[,;:]\s+/g;
const SPEAKABLE_RE = /[\p{L}\p{N}]/u;

function isFalseBoundary(text: string, punctEnd: number, punct: string): boolean {
  const upToPunct = text.slice(Math.max(0, punctEnd - 12), punctEnd);
  if (punct === "." && NO_SPLIT_BEFORE_RE.test(upToPunct)) return true;
  // An ellipsis followed by lower case is a pause inside the sentence.
  if (punct.startsWith("...") && /^\s+\p{Ll}/u.test(text.slice(punctEnd))) return true;
  return false;
}

function splitIntoSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END_RE)) {
    const end = match.index + match[0].length;
    const punct = match[0].replace(/['")\]]+$/, "");
    if (isFalseBoundary(text, match.index + punct.length, punct)) continue;
    sentences.push(text.slice(start, end));
    start = end;
  }
  sentences.push(text.slice(start));
  return sentences;
}

function chunkWord(word: string, max: number): string[] {
  const chunks: string[] = [];
  // Array.from keeps surrogate pairs whole.
  const chars = Array.from(word);
  for (let i = 0; i < chars.length; i += max) chunks.push(chars.slice(i, i + max).join(""));
  return chunks;
}

function packUnits(units: readonly string[], max: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const unit of units) {
    if (current === "") current = unit;
    else if (current.length + 1 + unit.length <= max) current = `${current} ${unit}`;
    else {
      pieces.push(current);
      current = unit;
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

function splitAtWords(text: string, max: number): string[] {
  const words = text.split(" ").flatMap((w) => (w.length > max ? chunkWord(w, max) : [w]));
  return packUnits(words, max);
}

/** Splits an over-long sentence at clause boundaries first, then at word boundaries. */
function splitLongSentence(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const clauses: string[] = [];
  let start = 0;
  for (const match of sentence.matchAll(CLAUSE_END_RE)) {
    const end = match.index + match[0].trimEnd().length;
    clauses.push(sentence.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  clauses.push(sentence.slice(start).trim());
  const units = clauses.filter((c) => c.length > 0).flatMap((c) => (c.length > max ? splitAtWords(c, max) : [c]));
  return packUnits(units, max);
}

/**
 * Splits (normalised) text into the sentences the model renders one by one: terminal punctuation stays
 * with its sentence, pieces are trimmed, pieces with nothing to say are dropped, and no piece is longer than
 * MAX_TEXT_PIECE_CHARS (long sentences break at commas/semicolons, then between words).
 */
export function splitSentences(text: string): string[] {
  if (typeof text !== "string") return [];
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (collapsed === "") return [];
  return splitIntoSentences(collapsed)
    .map((s) => s.trim())
    .filter((s) => SPEAKABLE_RE.test(s))
    .flatMap((s) => splitLongSentence(s, MAX_TEXT_PIECE_CHARS));
}
