import type { DbOrTx } from "@/lib/db";
import { encodeMp3, encodeMulawWav, encodeUlaw, encodeWav, encodeWav8k, joinSegments, normalizeLoudness, pauseAfterText } from "@/lib/protocol/audio";
import { listMessageSegmentAudio } from "@/lib/renders";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import type { MessageFormat } from "@/lib/values/audio-profiles";

export type MessageAudio = { bytes: Buffer; durationMs: number };

/**
 * A message's audio: its segments' PCM in order, joined (trimmed, faded) with the pause each segment's
 * last punctuation asks for, brought to the one loudness every message has, encoded. Assembly is a memory copy; the bytes for a (message key, format) never change, so they are
 * cached in memory and served with a strong ETag.
 */
export async function assembleMessageAudio(
  db: DbOrTx,
  messageKey: string,
  format: MessageFormat,
): Promise<Result<MessageAudio, AppError<"not_found" | "audio_not_ready">>> {
  const cacheKey = `${messageKey}:${format}`;
  const cached = cache.get(cacheKey);
  if (cached) return ok(cached);
  const rows = await listMessageSegmentAudio(db, messageKey);
  if (rows.length === 0) return err(appError("not_found", "No such message."));
  if (rows.some((r) => !r.pcm || r.status !== "done")) {
    return err(appError("audio_not_ready", "This message's audio is not rendered yet."));
  }
  const sampleRate = rows[0]!.sampleRate!;
  const pieces = rows.map((r) => pcm16ToFloat(r.pcm!));
  const pausesMs = rows.map((r, i) => (i < rows.length - 1 ? pauseAfterText(r.text) / Number(r.speed) : 0));
  const samples = normalizeLoudness(joinSegments(pieces, pausesMs, sampleRate), sampleRate);
  const audio = { bytes: await encodeMessage(samples, sampleRate, format), durationMs: Math.round((samples.length / sampleRate) * 1000) };
  cache.set(cacheKey, audio);
  return ok(audio);
}

/** Samples at the model's rate → the bytes of one message format. */
export async function encodeMessage(samples: Float32Array, sampleRate: number, format: MessageFormat): Promise<Buffer> {
  switch (format) {
    case "wav":
      return encodeWav(samples, sampleRate);
    case "wav8k":
      return encodeWav8k(samples, sampleRate);
    case "ulaw":
      return encodeUlaw(samples, sampleRate);
    case "mp3":
      return encodeMp3(samples, sampleRate);
    case "mulaw":
      return encodeMulawWav(samples, sampleRate);
  }
}

function pcm16ToFloat(bytes: Buffer | Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true) / 0x8000;
  return out;
}

/** Bounded by total bytes; oldest entries leave first (Map keeps insertion order). */
class ByteLru {
  private readonly entries = new Map<string, MessageAudio>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string): MessageAudio | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: MessageAudio): void {
    this.entries.set(key, value);
    this.bytes += value.bytes.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.bytes.byteLength;
    }
  }
}

const cache = new ByteLru(64 * 1024 * 1024);
