/**
 * Candidate respellings for a name or word the voice said wrong, simplest first: the word cut into spoken
 * syllables with hyphens ("Okafor" -> "Oh-kah-for"), then the same with each syllable split of the spelling
 * ("amoxicillin" -> "A-mo-xi-cil-lin"), then each syllable stressed in turn (in capitals). The check renders each with the campaign's voice and keeps
 * the first the recogniser hears right.
 */
export const MAX_CANDIDATES = 6;

const VOWELS = "aeiouy";
// How an English reader says a vowel at the end of an open syllable, spelled so the voice reads it that way.
const OPEN_VOWEL: Record<string, string> = { a: "ah", e: "eh", i: "ee", o: "oh", u: "oo", y: "ee" };

/** Syllables of a spelling: each a consonant onset, a vowel group, and the consonants before the next onset. */
export function splitSyllables(word: string): string[] {
  const lower = word.toLowerCase();
  const parts: string[] = [];
  let i = 0;
  while (i < lower.length) {
    let j = i;
    while (j < lower.length && !VOWELS.includes(lower[j]!)) j++;
    while (j < lower.length && VOWELS.includes(lower[j]!)) j++;
    // Consonants up to the next vowel: one goes to the next syllable, the rest stay (a "cil-lin", "mox-i").
    let k = j;
    while (k < lower.length && !VOWELS.includes(lower[k]!)) k++;
    const consonants = k - j;
    const keep = k >= lower.length ? consonants : Math.max(0, consonants - 1);
    parts.push(lower.slice(i, j + keep));
    i = j + keep;
  }
  return parts.filter(Boolean);
}

/** A syllable spelled as it is read: an open syllable's vowel written out ("ka" -> "kah", "o" -> "oh"). */
function spoken(syllable: string): string {
  const last = syllable[syllable.length - 1]!;
  if (!VOWELS.includes(last)) return syllable;
  const before = syllable.slice(0, -1);
  if (before.length > 0 && VOWELS.includes(before[before.length - 1]!)) return syllable;
  return before + OPEN_VOWEL[last]!;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function respellings(word: string): string[] {
  const syllables = splitSyllables(word);
  if (syllables.length < 2) return [];
  const said = syllables.map(spoken);
  const candidates = [capitalise(said.join("-")), capitalise(syllables.join("-"))];
  for (let stress = 0; stress < said.length; stress++) {
    candidates.push(said.map((s, i) => (i === stress ? s.toUpperCase() : s)).join("-"));
  }
  return [...new Set(candidates)].filter((c) => c.toLowerCase() !== word.toLowerCase()).slice(0, MAX_CANDIDATES);
}
