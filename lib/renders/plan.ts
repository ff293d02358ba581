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
export function planMessages(mergedTexts: readonly string[], target: RenderTarget, lexicon?: Lexicon): RenderPlan {
  const messages = new Map<string, PlannedMessage>();
  const segments = new Map<string, PlannedSegment>();
  const byMergedText = new Map<string, string>();
  const keyBySentence = new Map<string, string>();
  const messageKeys: string[] = [];

  for (const merged of mergedTexts) {
    const cached = byMergedText.get(merged);
    if (cached) {
      messageKeys.push(cached);
      continue;
    }
    const spoken = normalizeForSpeech(merged);
    const segmentKeys: string[] = [];
    for (const { text: sentence, pronounced } of speakSentences(spoken, lexicon)) {
      let key = keyBySentence.get(sentence);
      if (!key) {
        key = computeSegmentKey({ ...target, text: sentence });
        keyBySentence.set(sentence, key);
        segments.set(key, { key, text: sentence, pronounced });
      }
      segmentKeys.push(key);
    }
    const messageKey = computeMessageKey(segmentKeys);
    if (!messages.has(messageKey)) messages.set(messageKey, { key: messageKey, text: lexicon ? lexicon.apply(spoken).text : spoken, segmentKeys });
    byMergedText.set(merged, messageKey);
    messageKeys.push(messageKey);
  }
  return { messageKeys, messages, segments };
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
