import type { DbOrTx } from "@/lib/db";
import { encodeAudio, joinWithPauses, sentencePauseMs } from "@/lib/protocol/audio";
import type { AudioFormat } from "@/lib/protocol/tts";
import { listMessageSegmentAudio } from "@/lib/renders";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";

export const MESSAGE_FORMATS = ["wav", "mp3", "mulaw"] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

export const FORMAT_INFO: Record<MessageFormat, { extension: string; contentType: string }> = {
  wav: { extension: "wav", contentType: "audio/wav" },
  mp3: { extension: "mp3", contentType: "audio/mpeg" },
  // 8 kHz G.711 mu-law in a WAV container, what most phone systems take.
  mulaw: { extension: "ulaw.wav", contentType: "audio/wav" },
};

export type MessageAudio = { bytes: Buffer; durationMs: number };

/**
 * A message's audio: its segments' PCM in order, joined with the pause the worker leaves between sentences,
 * encoded. Assembly is a memory copy; the bytes for a (message key, format) never change, so they are
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
  const pauseMs = sentencePauseMs(Number(rows[0]!.speed));
  const samples = joinWithPauses(pieces, pieces.map((_, i) => (i < pieces.length - 1 ? pauseMs : 0)), sampleRate);
  const encoded = encodeAudio(samples, sampleRate, format satisfies AudioFormat);
  const audio = { bytes: encoded.bytes, durationMs: Math.round((samples.length / sampleRate) * 1000) };
  cache.set(cacheKey, audio);
  return ok(audio);
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
