/**
 * Whether the recogniser heard a value, compared on the service's normalised words (services/speech-check/
 * recogniser.py: the speech benchmark's normalisation, so case, punctuation and "2:30" vs "two thirty" do not
 * count). A value is heard when its words appear in order in the transcript, each equal or, for a name of 5
 * letters or more, the same once spelling variants are folded (spellingKey): "Katherine" heard as "Catherine"
 * or "Mohammed" as "Mohamed" is the same sound written another way. A changed vowel or consonant sound is not
 * folded: "Okafor" heard as "Okafir", "Ahmed" as "Acmed" are flagged, because that is what a patient hears.
 */
export const MIN_FOLDED_LETTERS = 5;

/**
 * A name's spelling with the variants English spelling allows for one sound folded: accents dropped, "ph" as
 * "f", "c"/"q"/"ck" (hard) as "k", "y" between letters as "i", a final silent "e" dropped, "h" after a vowel at
 * the end dropped, and doubled letters single.
 */
export function spellingKey(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/ph/g, "f")
    .replace(/ck/g, "k")
    .replace(/c(?=[aou]|$|[^eiy])/g, "k")
    .replace(/q/g, "k")
    .replace(/(?<=[a-z])y/g, "i")
    .replace(/([aeiou])h$/g, "$1")
    .replace(/(?<=[a-z]{3})e$/g, "")
    .replace(/([a-z])\1+/g, "$1");
}

function wordMatches(expected: string, heard: string): boolean {
  if (expected === heard) return true;
  if (!/^\p{L}+$/u.test(expected) || expected.length < MIN_FOLDED_LETTERS) return false;
  return spellingKey(expected) === spellingKey(heard);
}

/** Whether `expected`'s words appear in order and contiguous in `heard` (both already normalised). */
export function heardValue(expected: string, heard: string): boolean {
  const want = expected.split(/\s+/).filter(Boolean);
  const got = heard.split(/\s+/).filter(Boolean);
  if (want.length === 0) return true;
  // Whisper sometimes writes a name in two words ("O'Kafor" -> "o kafor") or joins two ("Mary Ann" -> "maryann").
  const joinedGot = got.join(" ");
  for (let i = 0; i + want.length <= got.length; i++) {
    if (want.every((w, j) => wordMatches(w, got[i + j]!))) return true;
  }
  const squashed = want.join("");
  return got.some((_, i) => got.slice(i, i + 3).some((__, n) => wordMatches(squashed, got.slice(i, i + n + 1).join("")))) || joinedGot.includes(want.join(" "));
}
