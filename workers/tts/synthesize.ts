/** Text → audio for one render: split, synthesise each chunk, join with pauses, encode. Runs in a model thread. */
import { languageOfVoice, LIMITS, MAX_TEXT_PIECE_CHARS, type AudioFormat } from "../../lib/protocol/tts";
import { encodeAudio, fadeEdges, joinSegments, PAUSE_MS, trimToSpeech } from "../../lib/protocol/audio";
import { createStreamEncoder, type StreamFormat } from "../../lib/protocol/audio-stream";
import { ChunkTooLongError, type SpeechEngine } from "./engines/types";
import { ClientClosedError, tooManyPiecesError, TtsError } from "./errors";
import { encodeFlac } from "./flac";
import { encodeOpus } from "./opus";
import { splitText, type Pause, type TextChunk } from "./text";

/** Silence after a chunk at speed 1: what a speaker leaves between sentences, clauses and words. */
const PAUSE_AFTER: Record<Pause, number> = { ...PAUSE_MS, none: 0 };

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

/** Formats only /v1/audio/speech offers, as one file (not streamed, never stored by the web app). */
export type FileOnlyFormat = "flac" | "opus";

type Request = { text: string; voice: string; speed: number; format: AudioFormat | FileOnlyFormat };

/**
 * Renders `request.text` piece by piece (sentences, long ones at clause boundaries), handing each piece and
 * the silence that follows it to `onPiece` as soon as it is rendered. Enforces the piece and audio limits
 * and stops before the next piece once `isCancelled()` says so. Returns the number of pieces rendered.
 */
export async function renderPieces(
  engine: SpeechEngine,
  request: Request,
  options: SynthesisOptions,
  onPiece: (samples: Float32Array, pauseMs: number) => void | Promise<void>,
): Promise<number> {
  const { onModelRun = (run) => run(), isCancelled = () => false } = options;
  const maxPieces = options.maxPieces ?? LIMITS.maxTextPieces;
  const maxSamples = (options.maxAudioSeconds ?? LIMITS.maxAudioSeconds) * engine.sampleRate;
  // Split by the rules of the language the voice speaks (Spanish also ends sentences before ¿ and ¡).
  const language = languageOfVoice(request.voice)?.language;
  const pending: TextChunk[] = splitText(request.text, MAX_TEXT_PIECE_CHARS, language);
  if (pending.length > maxPieces) throw tooManyPiecesError(pending.length, maxPieces);
  let rendered = 0;
  let samples = 0;
  while (pending.length > 0) {
    if (isCancelled()) throw new ClientClosedError("running", pending.length);
    const chunk = pending.shift()!;
    let piece: Float32Array;
    try {
      piece = await onModelRun(() => engine.synthesizeChunk(chunk.text, request.voice, request.speed));
    } catch (error) {
      if (!(error instanceof ChunkTooLongError) || chunk.text.length <= 1) throw error;
      // Numbers and symbols can phonemize long: split this chunk in half-size pieces and try again.
      const smaller = splitText(chunk.text, Math.max(1, Math.floor(chunk.text.length / 2)), language);
      smaller[smaller.length - 1] = { ...smaller[smaller.length - 1]!, pauseAfter: chunk.pauseAfter };
      pending.unshift(...smaller);
      if (rendered + pending.length > maxPieces) throw tooManyPiecesError(rendered + pending.length, maxPieces);
      continue;
    }
    const pauseMs = PAUSE_AFTER[chunk.pauseAfter] / request.speed;
    samples += piece.length + Math.round((pauseMs * engine.sampleRate) / 1000);
    if (samples > maxSamples) {
      throw new TtsError(
        "audio_too_long",
        `the audio would be longer than the ${maxSamples / engine.sampleRate} s one request may produce; send shorter text or a faster speed`,
        undefined,
        "input",
      );
    }
    rendered += 1;
    await onPiece(piece, pauseMs);
  }
  return rendered;
}

/** The whole render as one encoded file. */
export async function synthesize(engine: SpeechEngine, request: Request, options: SynthesisOptions = {}): Promise<SynthesisOutput> {
  const pieces: Float32Array[] = [];
  const pauses: number[] = [];
  await renderPieces(engine, request, options, (piece, pauseMs) => {
    pieces.push(piece);
    pauses.push(pauseMs);
  });
  // The render ends where its speech ends: whoever joins renders into a message decides the pause after it.
  if (pauses.length > 0) pauses[pauses.length - 1] = 0;
  const joined = joinSegments(pieces, pauses, engine.sampleRate);
  const encoded =
    request.format === "flac"
      ? { bytes: await encodeFlac(joined, engine.sampleRate), sampleRate: engine.sampleRate }
      : request.format === "opus"
        ? { bytes: await encodeOpus(joined, engine.sampleRate), sampleRate: engine.sampleRate }
        : await encodeAudio(joined, engine.sampleRate, request.format);
  return {
    bytes: encoded.bytes,
    sampleRate: encoded.sampleRate,
    audioMs: Math.round((joined.length / engine.sampleRate) * 1000),
    chunks: pieces.length,
    modelVersion: engine.modelVersion,
  };
}

/**
 * The render as a stream: each piece (with its pause) is encoded and handed to `emit` as soon as it is
 * rendered; `emit` may wait (back-pressure) before the next piece starts.
 */
export async function synthesizeStream(
  engine: SpeechEngine,
  request: Request & { format: StreamFormat },
  options: SynthesisOptions,
  emit: (bytes: Buffer) => void | Promise<void>,
): Promise<Omit<SynthesisOutput, "bytes">> {
  const encoder = createStreamEncoder(request.format, engine.sampleRate);
  let audioSamples = 0;
  // The same samples joinSegments gives the whole file: each piece is trimmed and faded as it arrives; the
  // silence after a piece depends on how much lead-in the next one kept, so it is sent with the next piece.
  let previous: { pauseMs: number; trailMs: number } | undefined;
  const chunks = await renderPieces(engine, request, options, async (piece, pauseMs) => {
    const trimmed = trimToSpeech(piece, engine.sampleRate);
    const gapMs = previous ? Math.max(0, previous.pauseMs - previous.trailMs - trimmed.leadMs) : 0;
    const gap = Math.round((gapMs * engine.sampleRate) / 1000);
    const out = new Float32Array(gap + trimmed.samples.length);
    out.set(fadeEdges(trimmed.samples, engine.sampleRate), gap);
    previous = { pauseMs, trailMs: trimmed.trailMs };
    audioSamples += out.length;
    const bytes = encoder.write(out);
    if (bytes.length > 0) await emit(bytes);
  });
  const tail = encoder.end();
  if (tail.length > 0) await emit(tail);
  return {
    sampleRate: engine.sampleRate,
    audioMs: Math.round((audioSamples / engine.sampleRate) * 1000),
    chunks,
    modelVersion: engine.modelVersion,
  };
}
