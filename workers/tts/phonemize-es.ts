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

/** One eSpeak NG instance per voice, made on first use (a model thread speaking English never loads one). */
const workers = new Map<string, Promise<ESpeakNGWorker>>();

async function espeak(voice: string): Promise<ESpeakNGWorker> {
  let worker = workers.get(voice);
  if (!worker) {
    worker = createEspeakModule().then((module) => {
      const synth = new module.eSpeakNGWorker();
      const status = synth.set_voice(voice);
      if (status !== 0) throw new Error(`eSpeak NG could not select ${voice} (status ${status})`);
      return synth;
    });
    workers.set(voice, worker);
  }
  return worker;
}

/** "Hola, Lucía." → "ˈola, lusˈia." */
export function phonemizeSpanish(text: string): Promise<string> {
  return phonemizeWithEspeak(text, SPANISH_ESPEAK_VOICE);
}

/** Kokoro phonemes for `text` in one eSpeak NG voice (VOICE_LANGUAGES' `espeakVoice`). */
export async function phonemizeWithEspeak(text: string, voice: string): Promise<string> {
  const synth = await espeak(voice);
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
