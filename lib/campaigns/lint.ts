/**
 * Checks before launch, shown in the plan with how many recipients each concerns. They warn and never
 * block: the person launching knows things these checks cannot.
 */
export type LintCode = "message_too_long" | "organization_name_missing" | "callback_number_missing" | "opt_out_missing" | "clinical_field";
export type LintFinding = { code: LintCode; message: string; recipients: number };

/** Voicemail greetings and carriers cut messages past about a minute. */
export const MAX_MESSAGE_SECONDS = 60;

/** Wording that tells the listener how to stop these calls; a campaign may pass its own. */
export const DEFAULT_OPT_OUT_PHRASES = ["opt out", "unsubscribe", "stop receiving", "stop these", "no longer wish", "remove you from", "do not call"];

// Custom field names that suggest clinical detail a voicemail must not carry.
const CLINICAL_FIELD_RE = /diagnos|procedure|medicat|prescri|result|treatment|condition|symptom|allerg/i;
// Seven to fifteen digits with the separators people write: a number to call back.
const PHONE_IN_TEXT_RE = /(?<![\d+])\+?\d[\d\s().-]{5,18}\d(?!\d)/g;

export type LintMessage = {
  /** The merged text, before normalisation for speech (what the template author wrote and the values). */
  merged: string;
  /** Estimated spoken length. */
  seconds: number;
  /** The custom fields with a value for this recipient. */
  customFields: readonly string[];
};

export type LintInput = { organizationName: string; messages: readonly LintMessage[]; optOutPhrases?: readonly string[] };

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, " ");
const hasCallbackNumber = (text: string) => [...text.matchAll(PHONE_IN_TEXT_RE)].some((m) => m[0].replace(/\D/g, "").length >= 7);

export function lintMessages(input: LintInput): LintFinding[] {
  const { messages } = input;
  const findings: LintFinding[] = [];
  const count = (test: (m: LintMessage) => boolean) => messages.filter(test).length;
  const add = (code: LintCode, recipients: number, message: string) => {
    if (recipients > 0) findings.push({ code, recipients, message });
  };

  add(
    "message_too_long",
    count((m) => m.seconds > MAX_MESSAGE_SECONDS),
    `Longer than ${MAX_MESSAGE_SECONDS} seconds: voicemail greetings and carriers may cut the end.`,
  );
  const name = squash(input.organizationName.trim());
  add("organization_name_missing", count((m) => name !== "" && !squash(m.merged).includes(name)), `Does not say who is calling ("${input.organizationName}").`);
  add("callback_number_missing", count((m) => !hasCallbackNumber(m.merged)), "Gives no number to call back.");
  const phrases = (input.optOutPhrases ?? DEFAULT_OPT_OUT_PHRASES).map(squash);
  add("opt_out_missing", count((m) => !phrases.some((p) => squash(m.merged).includes(p))), "Does not say how to stop these calls.");
  const clinical = [...new Set(messages.flatMap((m) => m.customFields))].filter((field) => CLINICAL_FIELD_RE.test(field)).sort();
  for (const field of clinical) {
    add(
      "clinical_field",
      count((m) => m.customFields.includes(field)),
      `Reads {{custom.${field}}}, which sounds clinical, to whoever answers, an answering machine included.`,
    );
  }
  return findings;
}
