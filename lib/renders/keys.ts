import { createHash } from "node:crypto";
import { canonicalVoice } from "@/lib/protocol/tts";

/** Bumped if the key recipe changes, so old and new keys can never collide. */
const KEY_VERSION = "v1";

export type SegmentIdentity = {
  /** Normalised speech text of one sentence. */
  text: string;
  voice: string;
  speed: number;
  engine: string;
  modelVersion: string;
};

/**
 * Content address of one segment's audio. Speed is fixed to two decimals so 1 and 1.0000001 are one key;
 * the engine and model version are in it so audio from two engines or model builds is never mixed up; a
 * voice mix is keyed in its one canonical spelling.
 */
export function computeSegmentKey(segment: SegmentIdentity): string {
  return createHash("sha256")
    .update(
      [KEY_VERSION, segment.engine, segment.modelVersion, canonicalVoice(segment.voice), segment.speed.toFixed(2), segment.text].join("\u0000"),
    )
    .digest("hex");
}

/** Content address of a message: its ordered segment keys. Equal messages share one row and one audio URL. */
export function computeMessageKey(segmentKeys: readonly string[]): string {
  return createHash("sha256").update(`${KEY_VERSION}\u0000${segmentKeys.join(",")}`).digest("hex");
}
