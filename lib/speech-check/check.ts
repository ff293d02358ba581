import type { SpeechCheckSuggestion } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";
import { encodePcm16Wav } from "./wav";
import type { CheckedLanguage, SpeechCheckClient, SpeechCheckFailure, Transcript } from "./client";
import { heardValue } from "./match";
import { insertSpeechCheck, listSpeechChecks, updateSpeechCheckValues, type StoredSpeechCheck } from "./queries";
import { respellings } from "./respell";
import { getSegmentPcm } from "@/lib/renders";
import { err, ok, type Result } from "@/lib/result";

/** The recogniser model the service hears each language with (services/speech-check/recogniser.py). */
export const RECOGNISER_FOR_LANGUAGE: Record<CheckedLanguage, string> = { en: "tiny.en", es: "base" };

/** One distinct sentence to check: its key and text as the voice says it (dictionary applied), and the merge values it holds. */
export type CheckSegment = { key: string; text: string; values: string[] };

/** Renders a text with the campaign's voice as WAV (through the worker pool), or says why it could not. */
export type RenderWav = (text: string) => Promise<Result<Buffer, string>>;

export type SpeechCheckDeps = {
  client: SpeechCheckClient | null;
  /** Null when no worker is ready: only segments that already have audio are checked. */
  render: RenderWav | null;
  /** Stop starting new segments after this instant (ms since the epoch); the rest stay unchecked for next time. */
  deadline?: number;
  /** False when an accepted respelling would not be said (a version spoken without the dictionary): no respellings are tried. */
  suggest?: boolean;
  /**
   * The segment key a sentence has when said with this voice and speed. With it, a respelling heard right is
   * stored as the check of the sentence it makes, so once the manager accepts it the plan shows it heard fixed
   * without listening again.
   */
  keyOf?: (text: string) => string;
};

/** A value the recogniser did not hear back, with what it heard and a respelling it heard right, if any. */
export type SpeechFinding = { segmentKey: string; sentence: string; value: string; heard: string; suggestion: SpeechCheckSuggestion | null };

export type SpeechCheckReport =
  | { ran: false; reason: string; segments: number }
  | {
      ran: true;
      /** Distinct sentences holding a merge value. */
      segments: number;
      checked: number;
      /** Sentences not checked yet (out of time, or no audio and no worker to render it). */
      unchecked: number;
      findings: SpeechFinding[];
      recogniser: string;
      audioSeconds: number;
      recogniserSeconds: number;
    };

const NOT_CONFIGURED = "the speech check is not set up (run `npm run speech-check:setup`, then restart; see docs/speech-check.md)";

/** What the stored checks say of these segments, without hearing anything new (the plan's lint). */
export async function summarizeSpeechChecks(db: DbOrTx, client: SpeechCheckClient | null, segments: readonly CheckSegment[], language: CheckedLanguage): Promise<SpeechCheckReport> {
  if (segments.length === 0) return { ran: true, segments: 0, checked: 0, unchecked: 0, findings: [], recogniser: RECOGNISER_FOR_LANGUAGE[language], audioSeconds: 0, recogniserSeconds: 0 };
  const stored = await listSpeechChecks(db, segments.map((s) => s.key), RECOGNISER_FOR_LANGUAGE[language]);
  if (stored.size === 0) {
    if (!client) return { ran: false, reason: NOT_CONFIGURED, segments: segments.length };
    const ready = await client.ready();
    if (!ready.ok) return { ran: false, reason: ready.error.message, segments: segments.length };
  }
  return report(segments, stored, RECOGNISER_FOR_LANGUAGE[language]);
}

/**
 * Hears every segment not checked yet by this recogniser: the segment's stored audio when it has some, else
 * the worker renders it. A value not heard back gets candidate respellings, each rendered with the same voice
 * and heard; the first heard right is the suggestion. Results are stored per segment key and recogniser, so
 * nothing is heard twice. A service that is down or busy ends the run early with the reason; the rest waits.
 */
export async function checkSpeech(db: DbOrTx, deps: SpeechCheckDeps, segments: readonly CheckSegment[], language: CheckedLanguage): Promise<SpeechCheckReport> {
  const recogniser = RECOGNISER_FOR_LANGUAGE[language];
  if (!deps.client) return { ran: false, reason: NOT_CONFIGURED, segments: segments.length };
  const stored = await listSpeechChecks(db, segments.map((s) => s.key), recogniser);
  for (const segment of segments) {
    if (deps.deadline !== undefined && Date.now() >= deps.deadline) break;
    const done = stored.get(segment.key);
    if (done) {
      if (deps.render && deps.suggest !== false) await suggestForStored(db, deps, deps.client, deps.render, segment, done, language);
      continue;
    }
    const checked = await checkOne(db, deps, deps.client, segment, language);
    if (!checked.ok) {
      // One sentence without audio, or whose audio the service refused, does not stop the others.
      if (checked.error.code !== "unavailable") continue;
      if (stored.size === 0) return { ran: false, reason: checked.error.message, segments: segments.length };
      break;
    }
    stored.set(segment.key, checked.value);
  }
  return report(segments, stored, recogniser);
}

type CheckFailure = { code: "no_audio" | SpeechCheckFailure["code"]; message: string };

async function checkOne(db: DbOrTx, deps: SpeechCheckDeps, client: SpeechCheckClient, segment: CheckSegment, language: CheckedLanguage): Promise<Result<StoredSpeechCheck, CheckFailure>> {
  const render = deps.render;
  const suggest = deps.suggest !== false;
  const wav = await audioOf(db, render, segment);
  if (!wav.ok) return wav;
  const heard = await client.transcribe(wav.value, language, segment.values);
  if (!heard.ok) return heard;
  const values = [];
  for (const [i, value] of segment.values.entries()) {
    const expected = heard.value.expected[i]?.normalized ?? value.toLowerCase();
    const isHeard = heardValue(expected, heard.value.normalized);
    const trying = !isHeard && render !== null && suggest;
    const suggestion = trying ? await suggestAndKeep(db, deps, client, render, segment, value, language) : null;
    values.push({ value, heard: isHeard, suggestion, triedRespellings: trying });
  }
  const check: StoredSpeechCheck = {
    segmentKey: segment.key,
    recogniser: heard.value.model,
    language,
    // A transcript is text; a control character in it (which Postgres text refuses) would lose the whole result.
    heard: heard.value.text.replace(/\p{Cc}/gu, " "),
    values,
    // Milliseconds: what a real column keeps exactly, so a stored check reads back as it was reported.
    audioSeconds: toMs(heard.value.audio_seconds),
    recogniserSeconds: toMs(heard.value.asr_seconds),
  };
  await insertSpeechCheck(db, check);
  return ok(check);
}

/** Respellings for the values a stored check did not hear and never tried any for (it heard stored audio only). */
async function suggestForStored(db: DbOrTx, deps: SpeechCheckDeps, client: SpeechCheckClient, render: RenderWav, segment: CheckSegment, check: StoredSpeechCheck, language: CheckedLanguage): Promise<void> {
  if (!check.values.some((v) => !v.heard && v.triedRespellings === false)) return;
  const values = [];
  for (const v of check.values) {
    if (v.heard || v.triedRespellings !== false) values.push(v);
    else values.push({ ...v, suggestion: await suggestAndKeep(db, deps, client, render, segment, v.value, language), triedRespellings: true });
  }
  check.values = values;
  await updateSpeechCheckValues(db, check.segmentKey, check.recogniser, values);
}

async function audioOf(db: DbOrTx, render: RenderWav | null, segment: CheckSegment): Promise<Result<Buffer, CheckFailure>> {
  const stored = await getSegmentPcm(db, segment.key);
  if (stored) return ok(encodePcm16Wav(stored.pcm, stored.sampleRate));
  if (!render) return err({ code: "no_audio", message: "no audio yet and no worker to render it" });
  const rendered = await render(segment.text);
  return rendered.ok ? rendered : err({ code: "no_audio", message: rendered.error });
}

/** Words of a value worth respelling: names and words of letters, longest first. */
function respellable(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter((w) => /^\p{L}[\p{L}'-]*$/u.test(w)))].sort((a, b) => b.length - a.length);
}

/**
 * The first respelling of one of the value's words that the recogniser hears as the value, said in the same
 * sentence with the same voice. Null when none of the candidates is heard right (or the service stops answering).
 */
export async function findRespelling(client: SpeechCheckClient, render: RenderWav, sentence: string, value: string, language: CheckedLanguage): Promise<SpeechCheckSuggestion | null> {
  return (await findHeardRespelling(client, render, sentence, value, [], language))?.suggestion ?? null;
}

type HeardRespelling = { suggestion: SpeechCheckSuggestion; sentence: string; transcript: Transcript };

/** findRespelling, with the respelled sentence and what was heard of it (`others`: the sentence's other values, to hear too). */
async function findHeardRespelling(client: SpeechCheckClient, render: RenderWav, sentence: string, value: string, others: readonly string[], language: CheckedLanguage): Promise<HeardRespelling | null> {
  for (const word of respellable(value)) {
    const pattern = new RegExp(`(?<![\\p{L}])${escapeRegExp(word)}(?![\\p{L}])`, "giu");
    if (!pattern.test(sentence)) continue;
    for (const candidate of respellings(word)) {
      const respelled = sentence.replace(pattern, candidate);
      const wav = await render(respelled);
      if (!wav.ok) return null;
      const heard = await client.transcribe(wav.value, language, [word, ...others]);
      if (!heard.ok) return null;
      if (heardValue(heard.value.expected[0]?.normalized ?? word.toLowerCase(), heard.value.normalized)) {
        return { suggestion: { term: word, sayAs: candidate }, sentence: respelled, transcript: heard.value };
      }
    }
  }
  return null;
}

/**
 * A suggestion for one value of a segment; with `deps.keyOf`, what was heard of the respelled sentence is stored
 * as the check of the segment that sentence becomes once the respelling is in the dictionary (its other values
 * judged on the same transcript).
 */
async function suggestAndKeep(db: DbOrTx, deps: SpeechCheckDeps, client: SpeechCheckClient, render: RenderWav, segment: CheckSegment, value: string, language: CheckedLanguage): Promise<SpeechCheckSuggestion | null> {
  const others = segment.values.filter((v) => v !== value);
  const found = await findHeardRespelling(client, render, segment.text, value, others, language);
  if (!found) return null;
  if (deps.keyOf) {
    const t = found.transcript;
    await insertSpeechCheck(db, {
      segmentKey: deps.keyOf(found.sentence),
      recogniser: t.model,
      language,
      heard: t.text.replace(/\p{Cc}/gu, " "),
      values: segment.values.map((v) => {
        const i = v === value ? 0 : 1 + others.indexOf(v);
        const heard = v === value || heardValue(t.expected[i]?.normalized ?? v.toLowerCase(), t.normalized);
        // Its own respellings are tried when a check that may render meets it.
        return { value: v, heard, suggestion: null, triedRespellings: heard };
      }),
      audioSeconds: toMs(t.audio_seconds),
      recogniserSeconds: toMs(t.asr_seconds),
    });
  }
  return found.suggestion;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function report(segments: readonly CheckSegment[], stored: Map<string, StoredSpeechCheck>, recogniser: string): SpeechCheckReport {
  const findings: SpeechFinding[] = [];
  let audioSeconds = 0;
  let recogniserSeconds = 0;
  let checked = 0;
  for (const segment of segments) {
    const check = stored.get(segment.key);
    if (!check) continue;
    checked++;
    audioSeconds += check.audioSeconds;
    recogniserSeconds += check.recogniserSeconds;
    for (const v of check.values) {
      if (!v.heard) findings.push({ segmentKey: segment.key, sentence: segment.text, value: v.value, heard: check.heard, suggestion: v.suggestion });
    }
  }
  return { ran: true, segments: segments.length, checked, unchecked: segments.length - checked, findings, recogniser, audioSeconds: toMs(audioSeconds), recogniserSeconds: toMs(recogniserSeconds) };
}

/** Seconds rounded to the millisecond (sums of stored values otherwise differ in the last binary digit). */
const toMs = (seconds: number) => Math.round(seconds * 1000) / 1000;
