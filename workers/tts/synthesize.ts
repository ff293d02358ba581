/** Text → audio for one render: split, synthesise each chunk, join with pauses, encode. Runs in a model thread. */
import { LIMITS, type AudioFormat } from "../../lib/protocol/tts";
import { encodeAudio, joinWithPauses, SENTENCE_PAUSE_MS } from "../../lib/protocol/audio";
import { ChunkTooLongError, type SpeechEngine } from "./engines/types";
import { ClientClosedError, tooManyPiecesError, TtsError } from "./errors";
import { DEFAULT_MAX_CHUNK_CHARS, splitText, type Pause, type TextChunk } from "./text";

/** Silence after a chunk at speed 1: what a speaker leaves between sentences, clauses and words. */
const PAUSE_MS: Record<Pause, number> = { sentence: SENTENCE_PAUSE_MS, clause: 150, word: 50, none: 0 };

export type SynthesisOutput = {
  bytes: Buffer;
  sampleRate: number;
  audioMs: number;
  chunks: number;
  modelVersion: string;
};

export type SynthesisOptions = {
  /** Wraps every model run (the thread counts runs across threads with it). */
  onModelRun?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Asked before each piece: true stops the render there with ClientClosedError. */
  isCancelled?: () => boolean;
  maxPieces?: number;
  maxAudioSeconds?: number;
};

export async function synthesize(
  engine: SpeechEngine,
  request: { text: string; voice: string; speed: number; format: AudioFormat },
  options: SynthesisOptions = {},
): Promise<SynthesisOutput> {
  const { onModelRun = (run) => run(), isCancelled = () => false } = options;
  const maxPieces = options.maxPieces ?? LIMITS.maxTextPieces;
  const maxSamples = (options.maxAudioSeconds ?? LIMITS.maxAudioSeconds) * engine.sampleRate;
  const pending: TextChunk[] = splitText(request.text, DEFAULT_MAX_CHUNK_CHARS);
  if (pending.length > maxPieces) throw tooManyPiecesError(pending.length, maxPieces);
  const pieces: Float32Array[] = [];
  const pauses: number[] = [];
  let samples = 0;
  while (pending.length > 0) {
    if (isCancelled()) throw new ClientClosedError("running", pending.length);
    const chunk = pending.shift()!;
    try {
      const piece = await onModelRun(() => engine.synthesizeChunk(chunk.text, request.voice, request.speed));
      const pauseMs = PAUSE_MS[chunk.pauseAfter] / request.speed;
      pieces.push(piece);
      pauses.push(pauseMs);
      samples += piece.length + Math.round((pauseMs * engine.sampleRate) / 1000);
      if (samples > maxSamples) {
        throw new TtsError(
          "audio_too_long",
          `the audio would be longer than the ${maxSamples / engine.sampleRate} s one request may produce; send shorter text or a faster speed`,
          undefined,
          "input",
        );
      }
    } catch (error) {
      if (!(error instanceof ChunkTooLongError) || chunk.text.length <= 1) throw error;
      // Numbers and symbols can phonemize long: split this chunk in half-size pieces and try again.
      const smaller = splitText(chunk.text, Math.max(1, Math.floor(chunk.text.length / 2)));
      smaller[smaller.length - 1] = { ...smaller[smaller.length - 1]!, pauseAfter: chunk.pauseAfter };
      pending.unshift(...smaller);
      if (pieces.length + pending.length > maxPieces) throw tooManyPiecesError(pieces.length + pending.length, maxPieces);
    }
  }
  const joined = joinWithPauses(pieces, pauses, engine.sampleRate);
  const encoded = encodeAudio(joined, engine.sampleRate, request.format);
  return {
    bytes: encoded.bytes,
    sampleRate: encoded.sampleRate,
    audioMs: Math.round((joined.length / engine.sampleRate) * 1000),
    chunks: pieces.length,
    modelVersion: engine.modelVersion,
  };
}
