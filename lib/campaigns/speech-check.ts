import type { Ctx } from "@/lib/context";
import { languageOfVoice, primaryLanguage } from "@/lib/protocol/tts";
import type { PlannedText } from "@/lib/renders";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import { CHECKED_LANGUAGES, summarizeSpeechChecks, type CheckedLanguage, type CheckSegment, type SpeechCheckClient, type SpeechCheckReport } from "@/lib/speech-check";
import { mergeTemplate, parseTemplate, type MergeData, type ParsedTemplate } from "@/lib/templates";

/** Distinct sentences with a merge value a check hears at most; a campaign with more is checked in several runs. */
export const MAX_CHECKED_SEGMENTS = 20_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The distinct sentences of a campaign that hold a merge value, each with the values it holds (as they are
 * said: "Dr. Okafor" is "Doctor Okafor"). A value is found in the sentence as written before the
 * pronunciation dictionary, so a sentence whose name has a dictionary entry is still checked for that name:
 * that is how an accepted respelling is heard fixed.
 */
export class SpeechSegmentTally {
  readonly segments = new Map<string, CheckSegment & { valueSet: Set<string> }>();
  private readonly singles: ParsedTemplate[];

  constructor(template: ParsedTemplate) {
    this.singles = template.variables.flatMap((name) => {
      const single = parseTemplate(`{{${name}}}`);
      return single.ok ? [single.value] : [];
    });
  }

  /** One recipient's merged message (`data`: its values) and its plan. */
  add(m: { data: MergeData; merged: string }, planned: PlannedText): void {
    const values = this.singles.map((single) => normalizeForSpeech(mergeTemplate(single, m.data).trim()).replace(/[.!?]+$/, "").trim()).filter((v) => /\p{L}/u.test(v));
    if (values.length === 0) return;
    const written = splitSentences(normalizeForSpeech(m.merged));
    // The dictionary may split a sentence again; then the sentences are matched on what is said.
    const sources = written.length === planned.segments.length ? written : planned.segments.map((s) => s.text);
    planned.segments.forEach((segment, i) => {
      const source = sources[i]!;
      const held = values.filter((v) => new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(v)}(?![\\p{L}\\d])`, "iu").test(source));
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
