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
  readonly segments = new Map<string, VoicedSegment & { valueSet: Set<string> }>();
  /** Per version language: its merge fields one at a time, and the voice that says it. The first is the main version. */
  private readonly versions = new Map<string, { singles: ParsedTemplate[]; voice: string }>();
  private readonly main: string;
  private readonly spokenValues = new Map<string, string>();

  constructor(versions: readonly SpokenVersion[]) {
    this.main = versions[0]!.language;
    for (const version of versions) {
      const singles = version.template.variables.flatMap((name) => {
        const single = parseTemplate(`{{${name}}}`);
        return single.ok ? [single.value] : [];
      });
      this.versions.set(version.language, { singles, voice: version.voice });
    }
  }

  /** One recipient's merged message (`data`: its values; `language`: the version it hears) and its plan. */
  add(m: { data: MergeData; merged: string; language?: string }, planned: PlannedText): void {
    // Past the cap the plan costs nothing more: the rest is heard on a later check run.
    if (this.segments.size >= MAX_CHECKED_SEGMENTS) return;
    const version = this.versions.get(m.language ?? this.main) ?? this.versions.get(this.main)!;
    const values = version.singles.map((single) => this.spoken(mergeTemplate(single, m.data))).filter((v) => v !== "");
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
        this.segments.set(segment.key, (entry = { key: segment.key, text: segment.text, voice: version.voice, values: [], valueSet: new Set() }));
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

  list(): VoicedSegment[] {
    return [...this.segments.values()].map(({ key, text, voice, values }) => ({ key, text, voice, values }));
  }
}

/** A version of a campaign's message as the check needs it: its language, template and voice. */
export type SpokenVersion = { language: string; template: ParsedTemplate; voice: string };

/** A sentence to check and the voice that says it (a campaign's versions may have different voices and languages). */
export type VoicedSegment = CheckSegment & { voice: string };

/** Segments grouped by the voice that says them, the main version's voice first. */
export function byVoice(segments: readonly VoicedSegment[]): Map<string, VoicedSegment[]> {
  const groups = new Map<string, VoicedSegment[]>();
  for (const segment of segments) {
    const group = groups.get(segment.voice);
    if (group) group.push(segment);
    else groups.set(segment.voice, [segment]);
  }
  return groups;
}

/**
 * One report for a campaign from each voice's report: counts and findings added up; the check ran when it ran
 * for any voice (a voice it cannot hear is said in the reason only when nothing ran).
 */
export function combineReports(reports: readonly SpeechCheckReport[]): SpeechCheckReport {
  const ran = reports.filter((r) => r.ran);
  const segments = reports.reduce((n, r) => n + r.segments, 0);
  if (ran.length === 0) return reports.length === 1 ? reports[0]! : { ran: false, reason: [...new Set(reports.map((r) => (r.ran ? "" : r.reason)))].join("; "), segments };
  const notRan = reports.filter((r) => !r.ran).reduce((n, r) => n + r.segments, 0);
  return {
    ran: true,
    segments,
    checked: ran.reduce((n, r) => n + r.checked, 0),
    // Sentences of a voice the check could not hear stay unchecked.
    unchecked: ran.reduce((n, r) => n + r.unchecked, 0) + notRan,
    findings: ran.flatMap((r) => r.findings),
    recogniser: [...new Set(ran.map((r) => r.recogniser))].join(", "),
    audioSeconds: Math.round(ran.reduce((n, r) => n + r.audioSeconds, 0) * 1000) / 1000,
    recogniserSeconds: Math.round(ran.reduce((n, r) => n + r.recogniserSeconds, 0) * 1000) / 1000,
  };
}

/** The language the check hears a voice in, or null when the service hears no language the voice speaks. */
export function checkedLanguageOf(voice: string): CheckedLanguage | null {
  const language = languageOfVoice(voice);
  const primary = language ? primaryLanguage(language.language) : "en";
  return (CHECKED_LANGUAGES as readonly string[]).includes(primary) ? (primary as CheckedLanguage) : null;
}

/** Why the check does not hear a voice's sentences. */
export function unheardVoice(voice: string, segments: number): SpeechCheckReport {
  return { ran: false, reason: `the speech check hears English and Spanish only; the voice ${voice} speaks ${languageOfVoice(voice)?.name ?? "another language"}`, segments };
}

/** The plan's part: what stored checks say of these segments (each heard in its voice's language), or why the check did not run. */
export async function summarizeCampaignSpeech(ctx: Ctx, client: SpeechCheckClient | null, mainVoice: string, segments: readonly VoicedSegment[]): Promise<SpeechCheckReport> {
  const groups = byVoice(segments);
  if (groups.size === 0) groups.set(mainVoice, []);
  const reports: SpeechCheckReport[] = [];
  for (const [voice, group] of groups) {
    const language = checkedLanguageOf(voice);
    reports.push(language ? await summarizeSpeechChecks(ctx.db, client, group, language) : unheardVoice(voice, group.length));
  }
  return combineReports(reports);
}
