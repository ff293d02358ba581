/**
 * Streaming encoders: audio sent while it is still being rendered, piece by piece. `pcm` is the raw
 * samples; `wav` starts with a streaming header (RIFF and data sizes 0xFFFFFFFF, "until the end of the
 * stream", as OpenAI's streamed WAV and ffmpeg's piped WAV do) and then the same samples; `mp3` is MP3
 * frames from one running LAME encoder, so the concatenated chunks are one valid MP3 file.
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import { encodePcm16, floatToInt16 } from "./audio";

export const STREAM_FORMATS = ["wav", "pcm", "mp3"] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

export type StreamEncoder = {
  /** Encodes the next samples; may return an empty buffer (MP3 holds samples until a frame is full). */
  write(samples: Float32Array): Buffer;
  /** The rest: MP3's last frames; nothing for PCM and WAV. */
  end(): Buffer;
};

const UNKNOWN_SIZE = 0xffff_ffff;

/** 44-byte header of a 16-bit mono PCM WAV whose length is not known yet. */
export function streamingWavHeader(sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(UNKNOWN_SIZE, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(UNKNOWN_SIZE, 40);
  return header;
}

export function createStreamEncoder(format: StreamFormat, sampleRate: number, mp3Kbps = 64): StreamEncoder {
  switch (format) {
    case "pcm":
      return { write: encodePcm16, end: () => Buffer.alloc(0) };
    case "wav": {
      let header: Buffer | null = streamingWavHeader(sampleRate);
      return {
        write(samples) {
          const data = encodePcm16(samples);
          if (!header) return data;
          const first = Buffer.concat([header, data]);
          header = null;
          return first;
        },
        end: () => (header ? header : Buffer.alloc(0)),
      };
    }
    case "mp3": {
      const encoder = new Mp3Encoder(1, sampleRate, mp3Kbps);
      return {
        write: (samples) => Buffer.from(encoder.encodeBuffer(floatToInt16(samples))),
        end: () => Buffer.from(encoder.flush()),
      };
    }
  }
}

export function isStreamFormat(format: string): format is StreamFormat {
  return (STREAM_FORMATS as readonly string[]).includes(format);
}
