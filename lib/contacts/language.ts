/**
 * A contact's preferred language as a file writes it ("Spanish", "es", "SPA", "Español", "es-MX") → a
 * BCP-47 language subtag ("es"). A value this table does not know is kept as written, and the import warns.
 */
const LANGUAGE_NAMES: Record<string, readonly string[]> = {
  en: ["english", "eng", "en", "ingles", "anglais", "inglese", "englisch"],
  es: ["spanish", "spa", "es", "espanol", "castellano", "espagnol", "spanisch", "espanhol", "sp", "span"],
  fr: ["french", "fra", "fre", "fr", "francais", "frances"],
  pt: ["portuguese", "por", "pt", "portugues"],
  zh: ["chinese", "zho", "chi", "zh", "mandarin", "cmn", "chino"],
  yue: ["cantonese", "yue"],
  vi: ["vietnamese", "vie", "vi", "tiengviet"],
  ko: ["korean", "kor", "ko", "coreano"],
  ar: ["arabic", "ara", "ar", "arabe"],
  ru: ["russian", "rus", "ru", "ruso"],
  ht: ["haitiancreole", "creole", "kreyol", "hat", "ht"],
  tl: ["tagalog", "tgl", "tl", "filipino", "fil"],
  de: ["german", "deu", "ger", "de", "deutsch", "aleman"],
  it: ["italian", "ita", "it", "italiano"],
  pl: ["polish", "pol", "pl", "polski"],
  ja: ["japanese", "jpn", "ja"],
  hi: ["hindi", "hin", "hi"],
};

const LANGUAGE_BY_NAME = new Map<string, string>(Object.entries(LANGUAGE_NAMES).flatMap(([tag, names]) => names.map((name) => [name, tag] as const)));

/** The language tag for a cell: `known` false when the value was kept as written. Null for an empty cell. */
export function normaliseLanguage(value: string): { tag: string; known: boolean } | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const key = trimmed.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\p{L}]+/gu, "");
  const byName = LANGUAGE_BY_NAME.get(key);
  if (byName) return { tag: byName, known: true };
  // A BCP-47 tag with a region ("es-MX", "en_US"): its language, when this table knows it.
  const primary = /^([a-z]{2,3})[-_][a-z0-9]{2,8}$/i.exec(trimmed)?.[1]?.toLowerCase();
  const byTag = primary ? LANGUAGE_BY_NAME.get(primary) : undefined;
  if (byTag) return { tag: byTag, known: true };
  return { tag: trimmed.slice(0, 35), known: false };
}
