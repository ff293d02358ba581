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

/** Cuts a word into chunks of `max` code points (a surrogate pair stays whole), the last one shorter. */
function chunkWord(word: string, max: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  let codePoints = 0;
  for (let i = 0; i < word.length; i += word.codePointAt(i)! > 0xffff ? 2 : 1) {
    if (codePoints === max) {
      chunks.push(word.slice(start, i));
      start = i;
      codePoints = 0;
    }
    codePoints += 1;
  }
  chunks.push(word.slice(start));
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

/**
 * Packs the words of `text` (separated by single spaces) into pieces of at most `max` characters, as
 * packUnits would, in one scan: a piece is a slice of `text`, not built word by word. A word longer than
 * `max` is cut into chunks; only its last chunk can share a piece, with the words after it.
 */
function splitAtWords(text: string, max: number): string[] {
  const pieces: string[] = [];
  // The piece being packed is text.slice(pieceStart, pieceEnd); there is none while pieceEnd < 0.
  let pieceStart = 0;
  let pieceEnd = -1;
  for (let start = 0; start < text.length; ) {
    const space = text.indexOf(" ", start);
    const end = space < 0 ? text.length : space;
    if (end - start > max) {
      if (pieceEnd >= 0) pieces.push(text.slice(pieceStart, pieceEnd));
      const chunks = chunkWord(text.slice(start, end), max);
      for (let i = 0; i < chunks.length - 1; i += 1) pieces.push(chunks[i]!);
      pieceStart = end - chunks[chunks.length - 1]!.length;
      pieceEnd = end;
    } else if (pieceEnd >= 0 && end - pieceStart <= max) {
      pieceEnd = end;
    } else {
      if (pieceEnd >= 0) pieces.push(text.slice(pieceStart, pieceEnd));
      pieceStart = start;
      pieceEnd = end;
    }
    start = end + 1;
  }
  if (pieceEnd >= 0) pieces.push(text.slice(pieceStart, pieceEnd));
  return pieces;
}

/** Splits an over-long sentence at clause boundaries first, then at word boundaries. */
function splitLongSentence(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const units: string[] = [];
  const addClause = (clause: string) => {
    if (clause.length > max) for (const piece of splitAtWords(clause, max)) units.push(piece);
    else if (clause.length > 0) units.push(clause);
  };
  let start = 0;
  for (const match of sentence.matchAll(CLAUSE_END_RE)) {
    addClause(sentence.slice(start, match.index + match[0].trimEnd().length).trim());
    start = match.index + match[0].length;
  }
  addClause(sentence.slice(start).trim());
  return packUnits(units, max);
}

/**
 * Splits (normalised) text into the sentences the model renders one by one: terminal punctuation stays
 * with its sentence, pieces are trimmed, pieces with nothing to say are dropped, and no piece is longer than
 * MAX_TEXT_PIECE_CHARS (long sentences break at commas/semicolons, then between words).
 */
export function splitSentences(text: string): string[] {
  if (typeof text !== "string") return [];
  // Every run of blanks becomes one space; a lone space is already one.
  const collapsed = text.replace(/\s{2,}|[^\S ]/g, " ").trim();
  if (collapsed === "") return [];
  return splitIntoSentences(collapsed)
    .map((s) => s.trim())
    .filter((s) => SPEAKABLE_RE.test(s))
    .flatMap((s) => splitLongSentence(s, MAX_TEXT_PIECE_CHARS));
}
