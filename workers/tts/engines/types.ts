import type { Engine } from "../../../lib/protocol/tts";

/** One loaded speech engine inside a model thread. `synthesizeChunk` gets one sanitised, single-line chunk. */
export type SpeechEngine = {
  engine: Engine;
  sampleRate: number;
  /**
   * Shown in /readyz and sent with every render: the web side keys segments with the readiness value and
   * checks each response against it, so one engine reports one version for all its voices.
   */
  modelVersion: string;
  voices: string[];
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
