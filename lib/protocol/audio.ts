/**
 * The audio formats on the wire, shared by the worker (which renders) and the web side (which assembles
 * messages from stored segments): both must produce identical WAV, mu-law and MP3 bytes, so there is one
 * encoder. A leaf like tts.ts: it imports the MP3 encoder and nothing from this repo but tts.ts's types.
 *
 * Audio assembly and encoding, all pure functions on Float32 mono samples in [-1, 1].
 * WAV is 16-bit PCM at the engine's rate; `pcm` is the same samples without a header; `mulaw` is the
 * 8 kHz G.711 mu-law WAV phone systems expect; MP3 uses @breezystack/lamejs (maintained pure-JS LAME port,
 * no native build, so it works wherever Node does).
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import type { AudioFormat } from "./tts";

export const MULAW_SAMPLE_RATE = 8_000;

/** Silence between sentences at speed 1 (divided by the speed): what the worker leaves inside one render. */
export const SENTENCE_PAUSE_MS = 300;

/** The silence between two sentences of a message spoken at `speed`. */
export const sentencePauseMs = (speed: number): number => SENTENCE_PAUSE_MS / speed;

/**
 * How long a message of `segmentCount` sentences lasts once assembled: its sentences' audio plus one pause
 * between each two. What lists and previews show before anyone assembles the bytes.
 */
export function messageDurationMs(segmentsMs: number, segmentCount: number, speed: number): number {
  return segmentsMs + Math.max(0, segmentCount - 1) * Math.round(sentencePauseMs(speed));
}

export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** Concatenates pieces with `pausesMs[i]` of silence after piece i. */
export function joinWithPauses(pieces: Float32Array[], pausesMs: number[], sampleRate: number): Float32Array {
  const pauses = pieces.map((_, i) => Math.round(((pausesMs[i] ?? 0) * sampleRate) / 1000));
  const total = pieces.reduce((sum, piece, i) => sum + piece.length + pauses[i]!, 0);
  const out = new Float32Array(total);
  let offset = 0;
  pieces.forEach((piece, i) => {
    out.set(piece, offset);
    offset += piece.length + pauses[i]!;
  });
  return out;
}

/** Resamples with a box low-pass (width = the rate ratio) and linear interpolation; fine for speech. */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples;
  const ratio = fromRate / toRate;
  let filtered = samples;
  if (ratio > 1) {
    const width = Math.max(1, Math.round(ratio));
    filtered = new Float32Array(samples.length);
    let acc = 0;
    for (let i = 0; i < samples.length; i++) {
      acc += samples[i]!;
      if (i >= width) acc -= samples[i - width]!;
      filtered[i] = acc / Math.min(i + 1, width);
    }
  }
  const outLength = Math.floor(samples.length / ratio);
  const out = new Float32Array(outLength);
  const shift = ratio > 1 ? (Math.round(ratio) - 1) / 2 : 0; // compensate the box filter's delay
  for (let i = 0; i < outLength; i++) {
    const pos = Math.min(i * ratio + shift, filtered.length - 1);
    const i0 = Math.floor(pos);
    const i1 = Math.min(i0 + 1, filtered.length - 1);
    const frac = pos - i0;
    out[i] = filtered[i0]! * (1 - frac) + filtered[i1]! * frac;
  }
  return out;
}

function wavHeader(opts: { formatTag: number; sampleRate: number; bitsPerSample: number; dataBytes: number; sampleCount: number }): Buffer {
  const blockAlign = opts.bitsPerSample / 8;
  const isPcm = opts.formatTag === 1;
  const fmtSize = isPcm ? 16 : 18;
  const factSize = isPcm ? 0 : 12; // non-PCM WAV carries a fact chunk with the sample count
  const header = Buffer.alloc(12 + 8 + fmtSize + factSize + 8);
  let o = 0;
  o += header.write("RIFF", o, "ascii");
  o = header.writeUInt32LE(header.length - 8 + opts.dataBytes + (opts.dataBytes % 2), o);
  o += header.write("WAVE", o, "ascii");
  o += header.write("fmt ", o, "ascii");
  o = header.writeUInt32LE(fmtSize, o);
  o = header.writeUInt16LE(opts.formatTag, o);
  o = header.writeUInt16LE(1, o);
  o = header.writeUInt32LE(opts.sampleRate, o);
  o = header.writeUInt32LE(opts.sampleRate * blockAlign, o);
  o = header.writeUInt16LE(blockAlign, o);
  o = header.writeUInt16LE(opts.bitsPerSample, o);
  if (!isPcm) {
    o = header.writeUInt16LE(0, o);
    o += header.write("fact", o, "ascii");
    o = header.writeUInt32LE(4, o);
    o = header.writeUInt32LE(opts.sampleCount, o);
  }
  o += header.write("data", o, "ascii");
  header.writeUInt32LE(opts.dataBytes, o);
  return header;
}

export function encodePcm16(samples: Float32Array): Buffer {
  const ints = floatToInt16(samples);
  return Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength);
}

export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = encodePcm16(samples);
  const header = wavHeader({ formatTag: 1, sampleRate, bitsPerSample: 16, dataBytes: data.length, sampleCount: samples.length });
  return Buffer.concat([header, data]);
}

/** G.711 mu-law of one 16-bit sample. */
export function mulawEncodeSample(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32_635;
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function encodeMulawWav(samples: Float32Array, sampleRate: number): Buffer {
  const ints = floatToInt16(resample(samples, sampleRate, MULAW_SAMPLE_RATE));
  const data = Buffer.alloc(ints.length + (ints.length % 2));
  for (let i = 0; i < ints.length; i++) data[i] = mulawEncodeSample(ints[i]!);
  const header = wavHeader({
    formatTag: 7,
    sampleRate: MULAW_SAMPLE_RATE,
    bitsPerSample: 8,
    dataBytes: ints.length,
    sampleCount: ints.length,
  });
  return Buffer.concat([header, data]);
}

export function encodeMp3(samples: Float32Array, sampleRate: number, kbps = 64): Buffer {
  const encoder = new Mp3Encoder(1, sampleRate, kbps);
  const ints = floatToInt16(samples);
  const parts: Uint8Array[] = [];
  const block = 1152 * 16;
  for (let i = 0; i < ints.length; i += block) {
    const out = encoder.encodeBuffer(ints.subarray(i, i + block));
    if (out.length > 0) parts.push(Uint8Array.from(out));
  }
  const tail = encoder.flush();
  if (tail.length > 0) parts.push(Uint8Array.from(tail));
  return Buffer.concat(parts);
}

export type EncodedAudio = { bytes: Buffer; sampleRate: number };

export function encodeAudio(samples: Float32Array, sampleRate: number, format: AudioFormat): EncodedAudio {
  switch (format) {
    case "wav":
      return { bytes: encodeWav(samples, sampleRate), sampleRate };
    case "pcm":
      return { bytes: encodePcm16(samples), sampleRate };
    case "mp3":
      return { bytes: encodeMp3(samples, sampleRate), sampleRate };
    case "mulaw":
      return { bytes: encodeMulawWav(samples, sampleRate), sampleRate: MULAW_SAMPLE_RATE };
  }
}

/** Reads 16-bit PCM mono WAV (espeak-ng `--stdout` writes a streaming header whose sizes may be 0 or ~0). */
export function decodeWav16(bytes: Buffer): { sampleRate: number; samples: Float32Array } {
  if (bytes.toString("ascii", 0, 4) !== "RIFF" || bytes.toString("ascii", 8, 12) !== "WAVE") {
    throw new Error("not a WAV file");
  }
  let offset = 12;
  let sampleRate = 0;
  let channels = 1;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString("ascii", offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      const bits = bytes.readUInt16LE(body + 14);
      if (bytes.readUInt16LE(body) !== 1 || bits !== 16) throw new Error("only 16-bit PCM WAV is supported");
      channels = bytes.readUInt16LE(body + 2);
      sampleRate = bytes.readUInt32LE(body + 4);
    } else if (id === "data") {
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = bytes.readInt16LE(body + i * 2 * channels) / 0x8000;
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error("WAV file has no data chunk");
}
