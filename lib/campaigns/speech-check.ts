import type { Ctx } from "@/lib/context";
import { languageOfVoice, primaryLanguage } from "@/lib/protocol/tts";
import type { PlannedText } from "@/lib/renders";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import { CHECKED_LANGUAGES, summarizeSpeechChecks, type CheckedLanguage, type CheckSegment, type SpeechCheckClient, type SpeechCheckReport } from "@/lib/speech-check";
import { mergeTemplate, parseTemplate, type MergeData, type ParsedTemplate } from "@/lib/templates";

/**
 * Distinct sentences with a merge value one plan collects for the check (the first ones in planning order);
 * past it a plan spends nothing more on them and the report covers these.
 */
export const MAX_CHECKED_SEGMENTS = 20_000;

const MAX_CACHED_VALUES = 50_000;

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\d]/u.test(c);

/** Whether `text` holds `value` as whole words (both in lower case). */
function holds(text: string, value: string): boolean {
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + value.length])) return true;
  }
  return false;
}

/**
 * The distinct sentences of a campaign that hold a merge value, each with the values it holds (as they are
 * said: "Dr. Okafor" is "Doctor Okafor"). A value is found in the sentence as written before the
 * pronunciation dictionary, so a sentence whose name has a dictionary entry is still checked for that name:
 * that is how an accepted respelling is heard fixed.
 */
export class SpeechSegmentTally {
  readonly segments = new Map<string, CheckSegment & { valueSet: Set<string> }>();
  private readonly singles: ParsedTemplate[];
  private readonly spokenValues = new Map<string, string>();

  constructor(template: ParsedTemplate) {
    this.singles = template.variables.flatMap((name) => {
      const single = parseTemplate(`{{${name}}}`);
      return single.ok ? [single.value] : [];
    });
  }

  /** One recipient's merged message (`data`: its values) and its plan. */
  add(m: { data: MergeData; merged: string }, planned: PlannedText): void {
    // Past the cap the plan costs nothing more: the rest is heard on a later check run.
    if (this.segments.size >= MAX_CHECKED_SEGMENTS) return;
    const values = this.singles.map((single) => this.spoken(mergeTemplate(single, m.data))).filter((v) => v !== "");
    if (values.length === 0) return;
    // Only a sentence the dictionary changed needs the message normalised again to find what it said before.
    const changed = planned.segments.some((s) => s.pronounced.length > 0);
    const written = changed ? splitSentences(normalizeForSpeech(m.merged)) : null;
    // The dictionary may split a sentence again; then the sentences are matched on what is said.
    const sources = written && written.length === planned.segments.length ? written : planned.segments.map((s) => s.text);
    planned.segments.forEach((segment, i) => {
      const source = sources[i]!.toLowerCase();
      const held = values.filter((v) => holds(source, v.toLowerCase()));
      if (held.length === 0) return;
      let entry = this.segments.get(segment.key);
      if (!entry) {
        if (this.segments.size >= MAX_CHECKED_SEGMENTS) return;
        this.segments.set(segment.key, (entry = { key: segment.key, text: segment.text, values: [], valueSet: new Set() }));
      }
      for (const v of held) {
        if (entry.valueSet.has(v)) continue;
        entry.valueSet.add(v);
        entry.values.push(v);
      }
    });
  }

  /** A value as it is said, without sentence punctuation; "" when it has no letters (digits are not checked). Cached: names repeat. */
  private spoken(raw: string): string {
    const value = raw.trim();
    let said = this.spokenValues.get(value);
    if (said === undefined) {
      const normalized = normalizeForSpeech(value).replace(/[.!?]+$/, "").trim();
      said = /\p{L}/u.test(normalized) ? normalized : "";
      if (this.spokenValues.size >= MAX_CACHED_VALUES) this.spokenValues.clear();
      this.spokenValues.set(value, said);
    }
    return said;
  }

  list(): CheckSegment[] {
    return [...this.segments.values()].map(({ key, text, values }) => ({ key, text, values }));
  }
}

/** The language the check hears a voice in, or null when the service hears no language the voice speaks. */
export function checkedLanguageOf(voice: string): CheckedLanguage | null {
  const language = languageOfVoice(voice);
  const primary = language ? primaryLanguage(language.language) : "en";
  return (CHECKED_LANGUAGES as readonly string[]).includes(primary) ? (primary as CheckedLanguage) : null;
}

/** The plan's part: what stored checks say of these segments, or why the check did not run. */
export async function summarizeCampaignSpeech(ctx: Ctx, client: SpeechCheckClient | null, voice: string, segments: readonly CheckSegment[]): Promise<SpeechCheckReport> {
  const language = checkedLanguageOf(voice);
  if (!language) return { ran: false, reason: `the speech check hears English and Spanish only; this voice speaks ${languageOfVoice(voice)?.name ?? "another language"}`, segments: segments.length };
  return summarizeSpeechChecks(ctx.db, client, segments, language);
}
