import { isBasicVoice, parseVoiceMix } from "@/lib/protocol/tts";

// Kokoro voice ids are `<language><gender>_<name>`, e.g. af_heart = American English, female, "Heart".
const LANGUAGES: Record<string, string> = {
  a: "US",
  b: "UK",
  e: "Spanish",
  f: "French",
  h: "Hindi",
  i: "Italian",
  j: "Japanese",
  p: "Portuguese",
  z: "Chinese",
};

const VOICE_ID = /^([a-z])([fm])_(.+)$/;
const voiceName = (rest: string) => rest.split(/[_-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");

/** "Heart (US, female)" for one voice; "Heart 67% + Bella 33%" for a mix. */
export function voiceLabel(id: string): string {
  if (id.includes("+")) return mixLabel(id);
  const match = VOICE_ID.exec(id);
  if (!match) return id;
  const [, lang, gender, rest] = match;
  return `${voiceName(rest!)} (${LANGUAGES[lang!] ?? lang!.toUpperCase()}, ${gender === "f" ? "female" : "male"})`;
}

/** A mix as its voices' shares, heaviest first: "Heart 67% + Bella 33%". */
export function mixLabel(mix: string): string {
  const parsed = parseVoiceMix(mix);
  if (!parsed.ok) return mix;
  return [...parsed.parts]
    .sort((a, b) => b.weight - a.weight)
    .map((part) => `${voiceName(VOICE_ID.exec(part.voice)?.[3] ?? part.voice)} ${Math.round(part.weight * 100)}%`)
    .join(" + ");
}

/** Groups voices by language for the <select>, English first. */
export function groupVoices(ids: readonly string[]): { group: string; voices: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const lang = LANGUAGES[id.charAt(0)] ?? "Other";
    const group = lang === "US" ? "American English" : lang === "UK" ? "British English" : lang;
    groups.set(group, [...(groups.get(group) ?? []), id]);
  }
  return [...groups.entries()].map(([group, voices]) => ({ group, voices: voices.sort() }));
}

/** The engine a campaign was rendered with, in words a clinic manager can act on. */
export function engineLabel(engine: string): string {
  if (engine === "kokoro") return "the Kokoro voice";
  return isBasicVoice(engine) ? "the basic offline voice (robotic)" : engine;
}
