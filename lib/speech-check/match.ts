/**
 * Whether the recogniser heard a value, compared on the service's normalised words (services/speech-check/
 * recogniser.py: the speech benchmark's normalisation, so case, punctuation and "2:30" vs "two thirty" do not
 * count). A value is heard when its words appear in order in the transcript, each equal or, for a name of 5
 * letters or more, the same once spelling variants are folded (spellingKey): "Katherine" heard as "Catherine"
 * or "Mohammed" as "Mohamed" is the same sound written another way. One vowel written as another is also
 * tolerated ("Okafor" heard as "Okafur" or "Okafir"): an unstressed vowel is a schwa whatever its letter, and
 * a recogniser guesses its spelling. A changed consonant or an added or lost sound is not: "Ahmed" heard as
 * "Acmed", "Okafor" as "Akhafar", "amoxicillin" as "amex acillin" are flagged, because that is what a patient hears.
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

const VOWEL = /[aeiou]/;

/** Whether two spellings differ only in one vowel written as another ("okafor" / "okafur"). */
function oneVowelApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (++differences > 1 || !VOWEL.test(a[i]!) || !VOWEL.test(b[i]!)) return false;
  }
  return true;
}

function wordMatches(expected: string, heard: string): boolean {
  if (expected === heard) return true;
  if (!/^\p{L}+$/u.test(expected) || expected.length < MIN_FOLDED_LETTERS) return false;
  const a = spellingKey(expected);
  const b = spellingKey(heard);
  return a === b || oneVowelApart(a, b);
}

/**
 * Whether `expected`'s words appear in order and contiguous in `heard` (both already normalised), each word
 * matched as above. Whisper sometimes writes a name as two words ("O'Kafor" as "o kafor"): a value of one word
 * also matches two or three heard words written together.
 */
export function heardValue(expected: string, heard: string): boolean {
  const want = expected.split(/\s+/).filter(Boolean);
  const got = heard.split(/\s+/).filter(Boolean);
  if (want.length === 0) return true;
  for (let i = 0; i + want.length <= got.length; i++) {
    if (want.every((w, j) => wordMatches(w, got[i + j]!))) return true;
  }
  if (want.length !== 1) return false;
  for (let i = 0; i < got.length; i++) {
    for (let n = 2; n <= 3 && i + n <= got.length; n++) if (wordMatches(want[0]!, got.slice(i, i + n).join(""))) return true;
  }
  return false;
}
