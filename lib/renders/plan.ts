import type { Lexicon } from "@/lib/lexicon";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";
import { computeMessageKey, computeSegmentKey } from "./keys";

export type RenderTarget = {
  engine: string;
  modelVersion: string;
  voice: string;
  speed: number;
};

/** `pronounced`: the term keys of the dictionary entries this sentence is said with (empty: none). */
export type PlannedSegment = { key: string; text: string; pronounced: string[] };
export type PlannedMessage = { key: string; text: string; segmentKeys: string[] };

/** The deduped work a set of merged messages needs. */
export type RenderPlan = {
  /** One entry per input text, in input order: the message key of that recipient. */
  messageKeys: string[];
  messages: Map<string, PlannedMessage>;
  segments: Map<string, PlannedSegment>;
};

/**
 * Normalises, splits and keys merged message texts. Equal texts are planned once (a cache keyed by the
 * merged text) and equal sentences across texts collapse to one segment: this is where "never render the
 * same audio twice" starts. Pure and synchronous; 100,000 texts take seconds.
 *
 * The organisation's pronunciation dictionary is applied to each sentence before it is keyed, so the key is
 * of what is said: an entry's edit changes the keys of exactly the sentences that hold its word.
 */
export function planMessages(mergedTexts: readonly string[], target: RenderTarget, lexicon?: Lexicon, language?: string): RenderPlan {
  const planner = new MessagePlanner(target, lexicon, { maxTexts: Infinity, language });
  const messages = new Map<string, PlannedMessage>();
  const segments = new Map<string, PlannedSegment>();
  const messageKeys: string[] = [];
  for (const merged of mergedTexts) {
    const planned = planner.plan(merged);
    messageKeys.push(planned.key);
    if (messages.has(planned.key)) continue;
    messages.set(planned.key, planned);
    for (const segment of planned.segments) segments.set(segment.key, segment);
  }
  return { messageKeys, messages, segments };
}

/** A planned message with its segments, in order. */
export type PlannedText = PlannedMessage & { segments: readonly PlannedSegment[] };

/** Merged texts the planner remembers by default: a campaign has few distinct messages, a personalised one many. */
const MAX_PLANNED_TEXTS = 50_000;

/**
 * Plans merged texts one at a time, for a walk over recipients a page at a time: a merged text seen before
 * is looked up, not normalised again, and equal sentences share one segment. What it remembers is bounded
 * (`maxTexts` merged texts and as many sentences, the oldest forgotten first), so memory does not grow with
 * the recipients; a forgotten text is planned again, to the same keys.
 */
export class MessagePlanner {
  private readonly byMergedText = new Map<string, PlannedText>();
  private readonly bySentence = new Map<string, PlannedSegment>();
  private readonly maxTexts: number;
  private readonly language: string | undefined;

  /** `language`: the messages' language ("es"), whose speech rules normalise them; English without it. */
  constructor(
    private readonly target: RenderTarget,
    private readonly lexicon?: Lexicon,
    options: { maxTexts?: number; language?: string } = {},
  ) {
    this.maxTexts = options.maxTexts ?? MAX_PLANNED_TEXTS;
    this.language = options.language;
  }

  plan(merged: string): PlannedText {
    const cached = this.byMergedText.get(merged);
    if (cached) return cached;
    const spoken = this.language ? normalizeForSpeech(merged, { language: this.language }) : normalizeForSpeech(merged);
    const segments = speakSentences(spoken, this.lexicon).map(({ text, pronounced }) => this.segmentOf(text, pronounced));
    const segmentKeys = segments.map((s) => s.key);
    const planned: PlannedText = {
      key: computeMessageKey(segmentKeys),
      text: this.lexicon ? this.lexicon.apply(spoken).text : spoken,
      segmentKeys,
      segments,
    };
    remember(this.byMergedText, merged, planned, this.maxTexts);
    return planned;
  }

  private segmentOf(sentence: string, pronounced: string[]): PlannedSegment {
    let segment = this.bySentence.get(sentence);
    if (!segment) {
      segment = { key: computeSegmentKey({ ...this.target, text: sentence }), text: sentence, pronounced };
      remember(this.bySentence, sentence, segment, this.maxTexts);
    }
    return segment;
  }
}

/** Adds to a map that keeps at most `max` entries, forgetting the oldest first. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

/**
 * The sentences of a normalised text as they are said: each with the dictionary applied. A respelling has no
 * sentence punctuation, so it never joins or splits sentences; a sentence it makes longer than a model
 * piece is split again.
 */
export function speakSentences(spoken: string, lexicon?: Lexicon): { text: string; pronounced: string[] }[] {
  return splitSentences(spoken).flatMap((sentence) => {
    if (!lexicon || lexicon.size === 0) return [{ text: sentence, pronounced: [] }];
    const applied = lexicon.apply(sentence);
    if (applied.used.size === 0) return [{ text: sentence, pronounced: [] }];
    const pronounced = [...applied.used];
    return splitSentences(applied.text).map((text) => ({ text, pronounced }));
  });
}

/** English at speed 1 runs about this many characters a second. */
export const CHARS_PER_AUDIO_SECOND = 14;

/**
 * Rough spoken length of a text before it is rendered; only used for estimates shown before launch
 * (time-left estimates calibrate it from what was rendered, see throughput.ts).
 */
export function estimateAudioSeconds(text: string, speed: number): number {
  return text.length / CHARS_PER_AUDIO_SECOND / speed;
}
