import { APPOINTMENT_STATUSES, STATUS_LABELS, type AppointmentStatus } from "@/lib/contacts";
import { lexiconLanguage, type Lexicons } from "@/lib/lexicon";
import { SENTENCE_PAUSE_MS } from "@/lib/protocol/audio";
import { estimateAudioSeconds, type PlannedSegment, type PlannedText } from "@/lib/renders";
import { appError } from "@/lib/result";
import { splitSentences } from "@/lib/speech";
import { CUSTOM_VARIABLE_PREFIX, mergeTemplate, parseTemplate, type MergeData, type ParsedTemplate } from "@/lib/templates";
import type { CampaignError } from "./errors";
import { LintTally, type LintFinding } from "./lint";
import type { RecipientContactRow } from "./queries";
import { MAX_MESSAGE_CHARS, type MissingValuePolicy } from "./schemas";
import { SpeechSegmentTally, type SpokenVersion } from "./speech-check";

/**
 * What a campaign's plan says of its recipients, counted a page of recipients at a time: counts, distinct
 * keys and values, and the first few of each list, never a row per recipient.
 */

/** `missing`: the placeholders this recipient has no value for and the template gives no fallback text. */
/**
 * A recipient's message merged: `language` is the version of the message they hear, `languageNote` says why
 * when there was a choice, and `withoutOwnLanguage` is set when they prefer a language it has no version in.
 */
export type MergedRecipient = {
  recipient: RecipientContactRow;
  data: MergeData;
  merged: string;
  missing: string[];
  language?: string;
  languageNote?: string | null;
  withoutOwnLanguage?: boolean;
};

/** `sentences[i]`: the sentence a recipient with `values[i]` hears it in, so it can be heard in context. */
export type VariableValues = { name: string; distinct: number; values: string[]; sentences: string[] };

export type RecipientMissingValues = { recipientId: string; contactId: string; name: string; missing: string[] };

export type MissingValuesReport = {
  policy: MissingValuePolicy;
  /** Recipients whose message has a placeholder with no value and no fallback text. */
  recipients: number;
  /** The first MAX_LISTED_MISSING of them by name, each with the placeholders that have no value. */
  listed: RecipientMissingValues[];
};

/**
 * Where one dictionary entry is said in a campaign: the distinct sentences and messages that hold its word,
 * the recipients who hear it, and how many of those sentences have no audio yet. Editing the entry changes
 * the key of every one of these sentences, so after an edit `toRender` equals `sentences`.
 */
export type PronunciationUse = { term: string; sayAs: string; language: string; sentences: number; messages: number; recipients: number; toRender: number };

const MAX_LISTED_VALUES = 50;
const MAX_LISTED_MISSING = 50;

// Collators compare as localeCompare with the same arguments, without building one per comparison.
const byName = new Intl.Collator();
const byValue = new Intl.Collator(undefined, { numeric: true });

export function recipientName(r: { firstName: string | null; lastName: string | null; phone: string }): string {
  return [r.firstName, r.lastName].filter(Boolean).join(" ") || r.phone;
}

function messageTooLong(count: number, first: MergedRecipient): CampaignError<"message_too_long"> {
  return appError(
    "message_too_long",
    `${count} message(s) are longer than ${MAX_MESSAGE_CHARS} characters (too long for a phone call), e.g. the one for ${recipientName(first.recipient)} (${first.merged.length} characters). Shorten the template or the values it uses.`,
  );
}

export function findTooLong(merged: readonly MergedRecipient[]): CampaignError<"message_too_long"> | null {
  const tooLong = merged.filter((m) => m.merged.length > MAX_MESSAGE_CHARS);
  return tooLong.length === 0 ? null : messageTooLong(tooLong.length, tooLong[0]!);
}

/** One variable's distinct values: all of them counted, the first MAX_LISTED_VALUES in order kept with a message that says them. */
class VariableTally {
  private readonly seen = new Set<string>();
  private readonly first: { value: string; merged: string }[] = [];

  constructor(
    readonly name: string,
    private readonly single: ParsedTemplate | null,
  ) {}

  add(m: MergedRecipient): void {
    if (!this.single) return;
    const value = mergeTemplate(this.single, m.data).trim();
    if (!value || this.seen.has(value)) return;
    this.seen.add(value);
    // A value first seen outside the listed ones never enters them later: the list only takes smaller values.
    let at = this.first.length;
    while (at > 0 && byValue.compare(value, this.first[at - 1]!.value) < 0) at--;
    if (at >= MAX_LISTED_VALUES) return;
    this.first.splice(at, 0, { value, merged: m.merged });
    if (this.first.length > MAX_LISTED_VALUES) this.first.pop();
  }

  result(): VariableValues {
    return {
      name: this.name,
      distinct: this.seen.size,
      values: this.first.map((v) => v.value),
      sentences: this.first.map((v) => splitSentences(v.merged).find((sentence) => sentence.includes(v.value)) ?? v.value),
    };
  }
}

export type PlanTallyOptions = {
  organizationName: string;
  template: ParsedTemplate;
  policy: MissingValuePolicy;
  speed: number;
  /** Plans a merged recipient's message in the version they hear (see VersionPlanners). */
  planner: { plan(m: MergedRecipient): PlannedText };
  /** The campaign's versions (the first the main one), for the speech check's sentences. */
  versions: readonly SpokenVersion[];
};

/**
 * Counts a plan's recipients page by page (in the order plan lists them: the first recipient with a value
 * gives its sample sentence, ties in the missing-value list keep that order). Memory is bounded by distinct
 * segments, messages and values, not by recipients.
 */
export class PlanTally {
  recipients = 0;
  withMissing = 0;
  readonly segments = new Map<string, PlannedSegment>();
  private readonly messages = new Set<string>();
  private listedMissing: RecipientMissingValues[] = [];
  private tooLongCount = 0;
  private firstTooLong: MergedRecipient | null = null;
  private readonly variables: VariableTally[];
  private readonly customFields: { field: string; single: ParsedTemplate }[];
  private readonly lint: LintTally;
  /** Dictionary terms by message, for messages that say any; each term's messages and recipients. */
  private readonly termsByMessage = new Map<string, string[]>();
  private readonly termUses = new Map<string, { messages: number; recipients: number }>();
  /** The distinct sentences that hold a merge value, for the speech check. */
  readonly speech: SpeechSegmentTally;
  /** The language of each sentence that says a dictionary entry (its key is of one voice, so of one language). */
  private readonly segmentLanguages = new Map<string, string>();

  constructor(private readonly options: PlanTallyOptions) {
    this.speech = new SpeechSegmentTally(options.versions);
    const singles = options.template.variables.map((name) => {
      const single = parseTemplate(`{{${name}}}`);
      return { name, single: single.ok ? single.value : null };
    });
    this.variables = singles.map((v) => new VariableTally(v.name, v.single));
    this.customFields = singles.flatMap((v) => (v.name.startsWith(CUSTOM_VARIABLE_PREFIX) && v.single ? [{ field: v.name.slice(CUSTOM_VARIABLE_PREFIX.length), single: v.single }] : []));
    this.lint = new LintTally({ organizationName: options.organizationName });
  }

  /**
   * One page of merged recipients, the policy's skipped ones included. `peopleIn` says how many recipients
   * a message is for (a message naming several who share a number is for each of them).
   */
  add(page: readonly MergedRecipient[], peopleIn: (m: MergedRecipient) => number = () => 1): void {
    const missing = page.filter((m) => m.missing.length > 0);
    this.withMissing += sum(missing, peopleIn);
    if (missing.length > 0) {
      const listed = missing.map((m) => ({ recipientId: m.recipient.recipientId, contactId: m.recipient.contactId, name: recipientName(m.recipient), missing: m.missing }));
      this.listedMissing = [...this.listedMissing, ...listed].sort((a, b) => byName.compare(a.name, b.name)).slice(0, MAX_LISTED_MISSING);
    }
    const kept = this.options.policy === "skip" ? page.filter((m) => m.missing.length === 0) : page;
    this.recipients += sum(kept, peopleIn);
    // Checked before anything is normalised: a 100 KB value must not cost the request seconds of speech rules.
    const tooLong = kept.filter((m) => m.merged.length > MAX_MESSAGE_CHARS);
    this.tooLongCount += tooLong.length;
    this.firstTooLong ??= tooLong[0] ?? null;
    if (this.tooLongCount > 0) return;
    for (const m of kept) this.addMessage(m, peopleIn(m));
  }

  private addMessage(m: MergedRecipient, people: number): void {
    const planned = this.options.planner.plan(m);
    if (!this.messages.has(planned.key)) {
      this.messages.add(planned.key);
      for (const segment of planned.segments) if (!this.segments.has(segment.key)) this.segments.set(segment.key, segment);
      // An entry is one word in one language: the same word may have an English and a Spanish entry.
      const language = lexiconLanguage(m.language);
      for (const segment of planned.segments) if (segment.pronounced.length > 0) this.segmentLanguages.set(segment.key, language);
      const terms = [...new Set(planned.segments.flatMap((s) => s.pronounced.map((key) => useKey(language, key))))];
      if (terms.length > 0) this.termsByMessage.set(planned.key, terms);
      for (const term of terms) this.termUse(term).messages++;
      this.speech.add(m, planned);
    }
    for (const term of this.termsByMessage.get(planned.key) ?? []) this.termUse(term).recipients += people;
    for (const variable of this.variables) variable.add(m);
    const pauses = (Math.max(0, planned.segmentKeys.length - 1) * SENTENCE_PAUSE_MS) / 1000 / this.options.speed;
    this.lint.add({
      merged: m.merged,
      seconds: estimateAudioSeconds(planned.text, this.options.speed) + pauses,
      customFields: this.customFields.filter((c) => mergeTemplate(c.single, m.data).trim() !== "").map((c) => c.field),
    }, people);
  }

  private termUse(term: string): { messages: number; recipients: number } {
    let use = this.termUses.get(term);
    if (!use) this.termUses.set(term, (use = { messages: 0, recipients: 0 }));
    return use;
  }

  get distinctMessages(): number {
    return this.messages.size;
  }

  /** Set when a kept recipient's merged message is over MAX_MESSAGE_CHARS; nothing was planned after it. */
  tooLong(): CampaignError<"message_too_long"> | null {
    return this.firstTooLong ? messageTooLong(this.tooLongCount, this.firstTooLong) : null;
  }

  missingValues(): MissingValuesReport {
    return { policy: this.options.policy, recipients: this.withMissing, listed: this.listedMissing };
  }

  variableValues(): VariableValues[] {
    return this.variables.map((v) => v.result());
  }

  lintFindings(): LintFinding[] {
    return this.lint.findings();
  }

  /** Each dictionary entry the campaign says, most sentences first; `renderedKeys`: segments with audio. */
  pronunciations(lexicons: Lexicons, renderedKeys: ReadonlySet<string>): PronunciationUse[] {
    const uses = new Map<string, PronunciationUse>();
    for (const segment of this.segments.values()) {
      const language = this.segmentLanguages.get(segment.key) ?? "en";
      for (const termKey of segment.pronounced) {
        const key = useKey(language, termKey);
        let use = uses.get(key);
        if (!use) {
          const entry = lexicons.for(language).entry(termKey);
          const counted = this.termUses.get(key);
          use = { term: entry?.term ?? termKey, sayAs: entry?.sayAs ?? "", language, sentences: 0, messages: counted?.messages ?? 0, recipients: counted?.recipients ?? 0, toRender: 0 };
          uses.set(key, use);
        }
        use.sentences++;
        if (!renderedKeys.has(segment.key)) use.toRender++;
      }
    }
    return [...uses.values()].sort((a, b) => b.sentences - a.sentences || a.term.localeCompare(b.term));
  }
}

/** A term key never holds a tab: this joins a language and a term key into one key. */
const useKey = (language: string, termKey: string) => `${language}\t${termKey}`;

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += count(item);
  return total;
}

/**
 * Recipients the selection chose who are left out because none of their upcoming appointments will be
 * reminded, by the status of the first of them (the do-not-call list is counted apart, as `leftOut`).
 */
export type LeftOutByAppointment = {
  /** "cancelled": 2, "broken": 1 … */
  byStatus: Partial<Record<AppointmentStatus, number>>;
  total: number;
  /** "3 left out: appointment cancelled (2), broken (1)"; null when nobody is. */
  summary: string | null;
};

export function tallyLeftOutByAppointment(byStatus: ReadonlyMap<string, number>): LeftOutByAppointment {
  const counts: Partial<Record<AppointmentStatus, number>> = {};
  for (const status of APPOINTMENT_STATUSES) {
    const n = byStatus.get(status) ?? 0;
    if (n > 0) counts[status] = n;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(counts).map(([status, n], i) => `${i === 0 ? "appointment " : ""}${STATUS_LABELS[status as AppointmentStatus]} (${n})`);
  return { byStatus: counts, total, summary: total === 0 ? null : `${total} left out: ${reasons.join(", ")}` };
}
