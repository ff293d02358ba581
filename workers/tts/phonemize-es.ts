/**
 * Spanish phonemes for Kokoro's Spanish voices (ef_dora, em_alex, em_santa), from eSpeak NG compiled to
 * WebAssembly (the package `npm ci` already installs for the built-in voice). kokoro-js phonemizes English
 * only, and Kokoro's Spanish was trained on eSpeak NG phonemes.
 *
 * `es-419` (Latin American Spanish), not `es` (Castilian): patients of US clinics say "cita" and "Pérez" with
 * an s (seseo), not the θ of Spain. eSpeak NG returns phonemes separated by "_" and one line per clause, and
 * drops punctuation, so the text is cut at punctuation first and the punctuation is put back between the
 * phonemized runs, as kokoro-js does for English: Kokoro uses it for pauses and intonation. "¿" and "¡" are
 * not in Kokoro's vocabulary and are dropped; the closing "?" and "!" carry the question and the exclamation.
 */
import createEspeakModule, { type ESpeakNGWorker } from "@echogarden/espeak-ng-emscripten";

export const SPANISH_ESPEAK_VOICE = "es-419";

/** Runs of punctuation (with the spaces around them) that Kokoro keeps as tokens; the rest is phonemized. */
const PUNCTUATION_RUN = /(\s*[;:,.!?¡¿—…"«»“”()]+\s*)+/g;
const KEPT_PUNCTUATION = /[;:,.!?—…"«»“”()\s]/g;

let worker: Promise<ESpeakNGWorker> | null = null;

async function espeak(): Promise<ESpeakNGWorker> {
  worker ??= createEspeakModule().then((module) => {
    const synth = new module.eSpeakNGWorker();
    const status = synth.set_voice(SPANISH_ESPEAK_VOICE);
    if (status !== 0) throw new Error(`eSpeak NG could not select ${SPANISH_ESPEAK_VOICE} (status ${status})`);
    return synth;
  });
  return worker;
}

/** "Hola, Lucía." → "ˈola, lusˈia." */
export async function phonemizeSpanish(text: string): Promise<string> {
  const synth = await espeak();
  let out = "";
  let last = 0;
  for (const match of text.matchAll(PUNCTUATION_RUN)) {
    out += ipaOf(synth, text.slice(last, match.index));
    out += (match[0].match(KEPT_PUNCTUATION) ?? []).join("").replace(/\s+/g, " ");
    last = match.index + match[0].length;
  }
  out += ipaOf(synth, text.slice(last));
  return out.replace(/\s+/g, " ").trim();
}

function ipaOf(synth: ESpeakNGWorker, words: string): string {
  if (!words.trim()) return "";
  const { ipa } = synth.synthesize_ipa(words.trim());
  return ipa.replace(/_/g, "").replace(/\s+/g, " ").trim();
}
