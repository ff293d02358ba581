import type { CallAnswerKind, CallAnswerTexts, CallAnswerTextsByLanguage } from "@/drizzle/schema/calls";

/**
 * What a call says besides the message, per language (keyed by primary language tag, as campaign versions
 * are). Adding a language is a row here: its default sentences, the carrier voice's language for `<Say>`
 * while the rendered audio is not ready, how its digits are read, and the words its key prompt uses. Pure,
 * so the settings form shows the same defaults as placeholders.
 */
export type CallLanguage = {
  name: string;
  /** The `language` of the carrier's `<Say>`: the fallback voice while a sentence is not rendered. */
  sayLanguage: string;
  defaults: Required<CallAnswerTexts>;
  /** The voicemail's last sentence when the organisation has a callback number; `{number}` is read digit by digit. */
  callbackWithNumber: string;
  /** How each digit 0–9 is said; null: written as digits (the voice reads them one by one). */
  digitWords: readonly string[] | null;
  /** Verbs that introduce a key in the prompt ("press 1"), and number words after them ("press one"). */
  pressWords: readonly string[];
  numberWords: Readonly<Record<string, string>>;
};

export const CALL_LANGUAGES = {
  en: {
    name: "English",
    sayLanguage: "en-US",
    defaults: {
      prompt: "Press 1 to confirm. Press 2 to cancel or reschedule. Press 9 to stop these calls. Press star to hear this again.",
      confirmed: "Thank you, your appointment is confirmed.",
      cancelRequested: "Thank you. We will call you to cancel or reschedule.",
      optedOut: "You will not receive these calls again. Goodbye.",
      voicemailCallback: "Please call us back if you have any questions.",
    },
    callbackWithNumber: "Please call us back on {number}.",
    digitWords: null,
    pressWords: ["press", "dial", "push", "hit", "enter", "pressing", "key"],
    numberWords: { zero: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9" },
  },
  es: {
    name: "Spanish",
    sayLanguage: "es-MX",
    defaults: {
      prompt: "Oprima 1 para confirmar. Oprima 2 para cancelar o cambiar la cita. Oprima 9 para no recibir más llamadas. Oprima asterisco para escuchar de nuevo.",
      confirmed: "Gracias, su cita está confirmada.",
      cancelRequested: "Gracias. Le llamaremos para cancelar o cambiar su cita.",
      optedOut: "No recibirá más estas llamadas. Adiós.",
      voicemailCallback: "Por favor, llámenos si tiene alguna pregunta.",
    },
    callbackWithNumber: "Por favor, llámenos al {number}.",
    digitWords: ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"],
    pressWords: ["oprima", "presione", "marque", "pulse", "oprimir", "presionar", "marcar", "tecla"],
    numberWords: { cero: "0", uno: "1", dos: "2", tres: "3", cuatro: "4", cinco: "5", seis: "6", siete: "7", ocho: "8", nueve: "9" },
  },
} as const satisfies Record<string, CallLanguage>;

export type CallLanguageTag = keyof typeof CALL_LANGUAGES;
export const CALL_LANGUAGE_TAGS = Object.keys(CALL_LANGUAGES) as CallLanguageTag[];
export const ANSWER_KINDS: readonly CallAnswerKind[] = ["prompt", "confirmed", "cancelRequested", "optedOut", "voicemailCallback"];

/** The call language for a version's language tag ("es-419" → es); a language without call sentences hears English. */
export function callLanguageOf(tag: string | null | undefined): CallLanguageTag {
  const primary = (tag ?? "").trim().split(/[-_]/)[0]!.toLowerCase();
  return primary in CALL_LANGUAGES ? (primary as CallLanguageTag) : "en";
}

/** "+13125550100" → "3 1 2, 5 5 5, 0 1 0 0" (English) or "tres uno dos, cinco cinco cinco, cero uno cero cero". */
export function spokenNumber(e164: string, language: CallLanguageTag = "en"): string {
  // As typed in the settings ("+1 312 555 0100") or stored in E.164: the country code of a US number is not read.
  const digits = e164.replace(/[^\d+]/g, "").replace(/^\+1(?=\d{10}$)/, "").replace(/\D/g, "");
  const groups = digits.length === 10 ? [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)] : [digits];
  const words: readonly string[] | null = CALL_LANGUAGES[language].digitWords;
  return groups.map((g) => g.split("").map((d) => (words ? words[Number(d)] : d)).join(" ")).join(", ");
}

/** The sentences a call in `language` says: the organisation's own where it wrote them, else the defaults. */
export function answerTexts(custom: CallAnswerTextsByLanguage, callbackNumber: string | null, language: CallLanguageTag = "en"): Required<CallAnswerTexts> {
  const row: CallLanguage = CALL_LANGUAGES[language];
  const own = custom[language] ?? {};
  const merged = { ...row.defaults, ...Object.fromEntries(Object.entries(own).filter(([, v]) => v)) };
  if (!own.voicemailCallback && callbackNumber) merged.voicemailCallback = row.callbackWithNumber.replace("{number}", spokenNumber(callbackNumber, language));
  return merged;
}

/** The keys a call answers to. */
const WORKING_KEYS = ["1", "2", "9"] as const;
const KEY_MEANING: Record<(typeof WORKING_KEYS)[number], string> = { "1": "confirm", "2": "cancel or reschedule", "9": "stop the calls" };

/**
 * Checks a key prompt: it must name 1, 2 and 9 (it may name star) and no other key, since only those do
 * something on the call. Numerals count anywhere; number words ("press one", "oprima uno") after a verb
 * that introduces a key. A sentence saying what is wrong, or null when the prompt is fine.
 */
export function lintKeyPrompt(prompt: string, language: CallLanguageTag): string | null {
  const row: CallLanguage = CALL_LANGUAGES[language];
  const lower = prompt.toLowerCase();
  const named = new Set<string>();
  for (const m of lower.matchAll(/\d+/g)) named.add(m[0]);
  const verbs = row.pressWords.join("|");
  const words = Object.keys(row.numberWords).join("|");
  for (const m of lower.matchAll(new RegExp(`(?:^|[^\\p{L}])(?:${verbs})\\s+(?:(?:la|el|the)\\s+)?(?:(?:tecla|key|número|number)\\s+)?(${words})(?![\\p{L}])`, "gu"))) named.add(row.numberWords[m[1]!]!);
  const others = [...named].filter((k) => !(WORKING_KEYS as readonly string[]).includes(k));
  const missing = WORKING_KEYS.filter((k) => !named.has(k));
  const problems: string[] = [];
  if (others.length > 0) problems.push(`it names ${others.map((k) => `"${k}"`).join(", ")}, which ${others.length === 1 ? "does" : "do"} nothing on the call`);
  if (missing.length > 0) problems.push(`it does not name ${missing.map((k) => `${k} (${KEY_MEANING[k]})`).join(", ")}`);
  if (problems.length === 0) return null;
  return `The ${row.name} key prompt: ${problems.join("; ")}. Name the keys 1, 2 and 9 (star may be mentioned too), and no other.`;
}
