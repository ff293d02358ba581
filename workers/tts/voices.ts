/**
 * The Kokoro-82M v1.0 voices that kokoro-js 1.2.1 ships (node_modules/kokoro-js/voices/*.bin) in the languages
 * this product speaks. kokoro-js's own VOICES metadata lists the English ones only, although the package holds
 * the files of all 54; the Spanish ones (ef_dora, em_alex, em_santa) are read from their files like the
 * others. Each voice's language comes from its id's first letter (VOICE_LANGUAGES). Debian's espeak-ng engine
 * accepts the same ids; the built-in voice has its own four (BUILTIN_VOICES).
 */
import { languageOfVoice, parseVoiceMix } from "../../lib/protocol/tts";

export type VoiceInfo = { id: string; name: string; language: string; gender: "Female" | "Male" };

const TABLE: Array<[string, string]> = [
  ["af_heart", "Heart"], ["af_alloy", "Alloy"], ["af_aoede", "Aoede"], ["af_bella", "Bella"],
  ["af_jessica", "Jessica"], ["af_kore", "Kore"], ["af_nicole", "Nicole"], ["af_nova", "Nova"],
  ["af_river", "River"], ["af_sarah", "Sarah"], ["af_sky", "Sky"], ["am_adam", "Adam"], ["am_echo", "Echo"],
  ["am_eric", "Eric"], ["am_fenrir", "Fenrir"], ["am_liam", "Liam"], ["am_michael", "Michael"],
  ["am_onyx", "Onyx"], ["am_puck", "Puck"], ["am_santa", "Santa"], ["bf_emma", "Emma"],
  ["bf_isabella", "Isabella"], ["bm_george", "George"], ["bm_lewis", "Lewis"], ["bf_alice", "Alice"],
  ["bf_lily", "Lily"], ["bm_daniel", "Daniel"], ["bm_fable", "Fable"],
  ["ef_dora", "Dora"], ["em_alex", "Alex"], ["em_santa", "Santa"],
];

/** Voices whose language has a phonemizer (VOICE_LANGUAGES); a voice of another language is not offered. */
export const KOKORO_VOICES: readonly VoiceInfo[] = TABLE.flatMap(([id, name]) => {
  const language = languageOfVoice(id);
  if (!language?.phonemizer) return [];
  return [{ id, name, language: language.language, gender: id[1] === "f" ? "Female" : "Male" }];
});

/**
 * espeak-ng voice for a Kokoro voice id: same accent and gender (`+f3` is espeak's female variant). espeak
 * cannot blend voices, so a mix speaks as its heaviest voice.
 */
export function toEspeakVoice(idOrMix: string): string {
  const parsed = parseVoiceMix(idOrMix);
  const id = parsed.ok ? parsed.parts.reduce((a, b) => (b.weight > a.weight ? b : a)).voice : idOrMix;
  const voice = KOKORO_VOICES.find((v) => v.id === id);
  // Debian's binary names British English "en-gb"; every other language by VOICE_LANGUAGES' eSpeak voice.
  const language = languageOfVoice(id);
  const base = voice?.language === "en-gb" ? "en-gb" : language?.phonemizer === "espeak-ng" ? language.espeakVoice : "en-us";
  return voice?.gender === "Male" ? `${base}+m3` : `${base}+f3`;
}

/** The built-in offline voice's own voices, in Kokoro's id style (`<accent><gender>_<name>`). */
export const BUILTIN_VOICES: readonly VoiceInfo[] = [
  { id: "af_basic", name: "Basic", language: "en-us", gender: "Female" },
  { id: "am_basic", name: "Basic", language: "en-us", gender: "Male" },
  { id: "bf_basic", name: "Basic", language: "en-gb", gender: "Female" },
  { id: "bm_basic", name: "Basic", language: "en-gb", gender: "Male" },
  { id: "ef_basic", name: "Basic", language: "es-419", gender: "Female" },
  { id: "em_basic", name: "Basic", language: "es-419", gender: "Male" },
];

/** eSpeak NG voice of the WASM build for a built-in voice id ("en" is its British English; Spanish is es-419). */
export function toBuiltinVoice(id: string): string {
  const voice = BUILTIN_VOICES.find((v) => v.id === id);
  const language = languageOfVoice(id);
  const base = voice?.language === "en-gb" ? "en" : language?.phonemizer === "espeak-ng" ? language.espeakVoice : "en-us";
  return voice?.gender === "Male" ? `${base}+m3` : `${base}+f3`;
}
