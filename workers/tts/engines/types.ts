import type { Engine } from "../../../lib/protocol/tts";

/** One loaded speech engine inside a model thread. `synthesizeChunk` gets one sanitised, single-line chunk. */
export type SpeechEngine = {
  engine: Engine;
  sampleRate: number;
  /** Engine-wide version, shown in /readyz. */
  modelVersion: string;
  voices: string[];
  /** Version of what produced this voice's audio (the response header and the dedupe key use it). */
  versionFor(voice: string): string;
  synthesizeChunk(text: string, voice: string, speed: number): Promise<Float32Array>;
  dispose(): Promise<void>;
};

/** Thrown by an engine when a chunk is longer than the model can take; the caller splits it further. */
export class ChunkTooLongError extends Error {
  override name = "ChunkTooLongError";
  constructor(readonly tokens: number) {
    super(`chunk has ${tokens} tokens`);
  }
}
