/** Text → audio for one render: split, synthesise each chunk, join with pauses, encode. Runs in a model thread. */
import { MAX_TEXT_PIECE_CHARS, type AudioFormat } from "../../lib/protocol/tts";
import { encodeAudio, joinWithPauses, SENTENCE_PAUSE_MS } from "../../lib/protocol/audio";
import { ChunkTooLongError, type SpeechEngine } from "./engines/types";
import { splitText, type Pause, type TextChunk } from "./text";

/** Silence after a chunk at speed 1: what a speaker leaves between sentences, clauses and words. */
const PAUSE_MS: Record<Pause, number> = { sentence: SENTENCE_PAUSE_MS, clause: 150, word: 50, none: 0 };

export type SynthesisOutput = {
  bytes: Buffer;
  sampleRate: number;
  audioMs: number;
  chunks: number;
  modelVersion: string;
};

export async function synthesize(
  engine: SpeechEngine,
  request: { text: string; voice: string; speed: number; format: AudioFormat },
  onModelRun: <T>(run: () => Promise<T>) => Promise<T> = (run) => run(),
): Promise<SynthesisOutput> {
  const pending: TextChunk[] = splitText(request.text, MAX_TEXT_PIECE_CHARS);
  const pieces: Float32Array[] = [];
  const pauses: number[] = [];
  while (pending.length > 0) {
    const chunk = pending.shift()!;
    try {
      pieces.push(await onModelRun(() => engine.synthesizeChunk(chunk.text, request.voice, request.speed)));
      pauses.push(PAUSE_MS[chunk.pauseAfter] / request.speed);
    } catch (error) {
      if (!(error instanceof ChunkTooLongError) || chunk.text.length <= 1) throw error;
      // Numbers and symbols can phonemize long: split this chunk in half-size pieces and try again.
      const smaller = splitText(chunk.text, Math.max(1, Math.floor(chunk.text.length / 2)));
      smaller[smaller.length - 1] = { ...smaller[smaller.length - 1]!, pauseAfter: chunk.pauseAfter };
      pending.unshift(...smaller);
    }
  }
  const samples = joinWithPauses(pieces, pauses, engine.sampleRate);
  const encoded = encodeAudio(samples, engine.sampleRate, request.format);
  return {
    bytes: encoded.bytes,
    sampleRate: encoded.sampleRate,
    audioMs: Math.round((samples.length / engine.sampleRate) * 1000),
    chunks: pieces.length,
    modelVersion: engine.modelVersion,
  };
}
