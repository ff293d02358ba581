/** One dictionary entry: the word or name as written, and how to say it. */
export type PronunciationEntry = { term: string; sayAs: string };

/** What applying the dictionary to a text gave: the text to speak and the entries it used (by term key). */
export type AppliedLexicon = { text: string; used: Set<string> };

/**
 * A word: letters, combining marks and digits, with apostrophes inside ("O'Brien", "Nguyen's"). The classes
 * are disjoint and each repeat starts with an apostrophe, so a match never backtracks and a failed start
 * fails on its first character: one pass over the text.
 */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*/gu;
/** What may stand between the words of a several-word entry in the text: spaces or one hyphen. */
const JOINER_RE = /^(?:[ \t]+|-)$/;
const POSSESSIVE_RE = /['\u2019]s$/;

/** The most words an entry may have; bounds the look-ahead at each word of the text. */
export const MAX_TERM_WORDS = 6;

type Node = { entry?: { key: string; sayAs: string }; next: Map<string, Node> };
type Token = { start: number; end: number; key: string };

function fold(word: string): string {
  return word.replace(/\u2019/g, "'").toLowerCase();
}

/** The words of a term, folded: what it is matched by and stored under (one entry per spelling, any case). */
export function termWords(term: string): string[] {
  return Array.from(term.normalize("NFKC").matchAll(WORD_RE), (m) => fold(m[0]));
}

/** The unique key of a term: its folded words joined by one space. */
export function termKey(term: string): string {
  return termWords(term).join(" ");
}

function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(WORD_RE), (m) => ({ start: m.index, end: m.index + m[0].length, key: fold(m[0]) }));
}

/**
 * An organisation's pronunciation dictionary compiled into one word trie, so applying it costs one pass over
 * the text (plus at most MAX_TERM_WORDS look-ups per word), however many entries there are: no per-entry scan.
 * Matching is case-insensitive on whole words; a possessive keeps its ending ("Nguyen's" → "Win's"); the
 * longest entry wins where several start at one word.
 */
export class Lexicon {
  static readonly empty = new Lexicon([]);
  private readonly root: Node = { next: new Map() };
  private readonly terms = new Map<string, PronunciationEntry>();

  constructor(entries: readonly PronunciationEntry[]) {
    for (const entry of entries) {
      const words = termWords(entry.term);
      if (words.length === 0 || words.length > MAX_TERM_WORDS) continue;
      let node = this.root;
      for (const word of words) {
        let child = node.next.get(word);
        if (!child) {
          child = { next: new Map() };
          node.next.set(word, child);
        }
        node = child;
      }
      const key = words.join(" ");
      node.entry = { key, sayAs: entry.sayAs };
      this.terms.set(key, entry);
    }
  }

  get size(): number {
    return this.terms.size;
  }

  /** The entry stored under a term key (as `used` reports them). */
  entry(key: string): PronunciationEntry | undefined {
    return this.terms.get(key);
  }

  /** A copy with these entries added or replacing the ones of the same term (an entry being edited). */
  with(entries: readonly PronunciationEntry[]): Lexicon {
    const merged = new Map(this.terms);
    for (const entry of entries) merged.set(termKey(entry.term), entry);
    return new Lexicon([...merged.values()]);
  }

  /** Replaces every entry's words in `text` (NFKC, as normalizeForSpeech leaves it) with how to say them. */
  apply(text: string): AppliedLexicon {
    const used = new Set<string>();
    if (this.terms.size === 0) return { text, used };
    const tokens = tokenize(text);
    const out: string[] = [];
    let cursor = 0;
    for (let i = 0; i < tokens.length; ) {
      const match = this.longestMatchAt(text, tokens, i);
      if (!match) {
        i++;
        continue;
      }
      out.push(text.slice(cursor, tokens[i]!.start), match.sayAs, match.suffix);
      cursor = tokens[match.last]!.end;
      used.add(match.key);
      i = match.last + 1;
    }
    out.push(text.slice(cursor));
    return { text: out.join(""), used };
  }

  private longestMatchAt(text: string, tokens: Token[], first: number): { key: string; sayAs: string; suffix: string; last: number } | null {
    let best: { key: string; sayAs: string; suffix: string; last: number } | null = null;
    let node = this.root;
    for (let j = first; j < tokens.length && j - first < MAX_TERM_WORDS; j++) {
      const token = tokens[j]!;
      if (j > first && !JOINER_RE.test(text.slice(tokens[j - 1]!.end, token.start))) break;
      if (POSSESSIVE_RE.test(token.key)) {
        const stem = node.next.get(token.key.slice(0, -2))?.entry;
        if (stem) best = { ...stem, suffix: text.slice(token.end - 2, token.end), last: j };
      }
      const child = node.next.get(token.key);
      if (!child) break;
      if (child.entry) best = { ...child.entry, suffix: "", last: j };
      node = child;
    }
    return best;
  }
}

/** "es-419" -> "es"; no language is English, as every message was before there were others. */
export function lexiconLanguage(language: string | null | undefined): string {
  return language?.trim().split(/[-_]/)[0]?.toLowerCase() || "en";
}

/**
 * An organisation's dictionaries, one per language: a message is said with the entries of its own language
 * only, so a Spanish respelling never reaches an English sentence, nor an English one a Spanish sentence.
 */
export class Lexicons {
  static readonly empty = new Lexicons(new Map());

  constructor(private readonly byLanguage: ReadonlyMap<string, Lexicon>) {}

  /** Entries with their language, each compiled into its language's dictionary. */
  static of(entries: readonly (PronunciationEntry & { language: string })[]): Lexicons {
    const grouped = new Map<string, PronunciationEntry[]>();
    for (const entry of entries) {
      const language = lexiconLanguage(entry.language);
      const own = grouped.get(language);
      if (own) own.push(entry);
      else grouped.set(language, [entry]);
    }
    return new Lexicons(new Map([...grouped].map(([language, own]) => [language, new Lexicon(own)])));
  }

  /** The dictionary a message in `language` is said with (empty when the language has no entries). */
  for(language: string | null | undefined): Lexicon {
    return this.byLanguage.get(lexiconLanguage(language)) ?? Lexicon.empty;
  }
}
