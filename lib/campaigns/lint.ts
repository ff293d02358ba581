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
  const tally = new LintTally(input);
  for (const message of input.messages) tally.add(message);
  return tally.findings();
}

/**
 * The same checks counted one message at a time, so a plan can walk its recipients a page at a time: it
 * keeps a count per check and per custom field, not the messages.
 */
export class LintTally {
  private readonly name: string;
  private readonly phrases: string[];
  private readonly counts = { tooLong: 0, nameMissing: 0, callbackMissing: 0, optOutMissing: 0 };
  private readonly customFieldCounts = new Map<string, number>();

  constructor(private readonly input: Omit<LintInput, "messages">) {
    this.name = squash(input.organizationName.trim());
    this.phrases = (input.optOutPhrases ?? DEFAULT_OPT_OUT_PHRASES).map(squash);
  }

  /** One message, for `recipients` recipients (more than one when it names several who share a number). */
  add(m: LintMessage, recipients = 1): void {
    const merged = squash(m.merged);
    if (m.seconds > MAX_MESSAGE_SECONDS) this.counts.tooLong += recipients;
    if (this.name !== "" && !merged.includes(this.name)) this.counts.nameMissing += recipients;
    if (!hasCallbackNumber(m.merged)) this.counts.callbackMissing += recipients;
    if (!this.phrases.some((p) => merged.includes(p))) this.counts.optOutMissing += recipients;
    for (const field of new Set(m.customFields)) this.customFieldCounts.set(field, (this.customFieldCounts.get(field) ?? 0) + recipients);
  }

  findings(): LintFinding[] {
    const findings: LintFinding[] = [];
    const add = (code: LintCode, recipients: number, message: string) => {
      if (recipients > 0) findings.push({ code, recipients, message });
    };
    add("message_too_long", this.counts.tooLong, `Longer than ${MAX_MESSAGE_SECONDS} seconds: voicemail greetings and carriers may cut the end.`);
    add("organization_name_missing", this.counts.nameMissing, `Does not say who is calling ("${this.input.organizationName}").`);
    add("callback_number_missing", this.counts.callbackMissing, "Gives no number to call back.");
    add("opt_out_missing", this.counts.optOutMissing, "Does not say how to stop these calls.");
    const clinical = [...this.customFieldCounts.keys()].filter((field) => CLINICAL_FIELD_RE.test(field)).sort();
    for (const field of clinical) {
      add(
        "clinical_field",
        this.customFieldCounts.get(field)!,
        `Reads {{custom.${field}}}, which sounds clinical, to whoever answers, an answering machine included.`,
      );
    }
    return findings;
  }
}
