import { isBasicVoice } from "@/lib/protocol/tts";

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

export function voiceLabel(id: string): string {
  const match = /^([a-z])([fm])_(.+)$/.exec(id);
  if (!match) return id;
  const [, lang, gender, rest] = match;
  const name = rest!.split(/[_-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
  return `${name} (${LANGUAGES[lang!] ?? lang!.toUpperCase()}, ${gender === "f" ? "female" : "male"})`;
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
