/**
 * The audio formats on the wire, shared by the worker (which renders) and the web side (which assembles
 * messages from stored segments): both must produce identical WAV, mu-law and MP3 bytes, so there is one
 * encoder. A leaf like tts.ts: it imports the MP3 encoder and nothing from this repo but tts.ts's types.
 *
 * Audio assembly and encoding, all pure functions on Float32 mono samples in [-1, 1].
 * WAV is 16-bit PCM at the engine's rate; `pcm` is the same samples without a header; `mulaw` is the
 * 8 kHz G.711 mu-law WAV; `ulaw` is the same bytes without a header (Asterisk picks the codec by file
 * extension); `wav8k` is 16-bit PCM at 8 kHz. MP3 uses @breezystack/lamejs (maintained pure-JS LAME port,
 * no native build, so it works wherever Node does); resampling uses libsamplerate (compiled to JS, so it
 * needs no native build or download either).
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import libsamplerate from "@alexanderolsen/libsamplerate-js";
import type { AudioFormat } from "./tts";

// The package is CommonJS: its named exports are reached through the default import under Node's ESM.
const { create: createConverter, ConverterType } = libsamplerate;
type SRC = Awaited<ReturnType<typeof createConverter>>;

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

/**
 * How segments meet. Each piece keeps at most `edgeMs` of the silence the model leaves before and after
 * speech (Kokoro leaves up to about a second, which would add to every pause), its edges fade in and out
 * over `fadeMs` with a raised cosine (a piece that ends mid-waveform would otherwise click against the
 * silence), and the silence put between two pieces tops what they kept up to the pause: a listener hears
 * `pausesMs[i]` from the end of one piece's speech to the start of the next. Speech starts at the first
 * sample above `speechDb` (dBFS).
 */
export const JOIN = Object.freeze({ edgeMs: 30, fadeMs: 5, speechDb: -45 });

/** Pause after a piece at speed 1 by how its text ends: a sentence, a clause, or a cut between words. */
export const PAUSE_MS = Object.freeze({ sentence: SENTENCE_PAUSE_MS, clause: 150, word: 50 });

export function pauseAfterText(text: string): number {
  const end = text.trimEnd().replace(/['")\]]+$/, "").slice(-1);
  if (end === "." || end === "!" || end === "?") return PAUSE_MS.sentence;
  if (end === "," || end === ";" || end === ":") return PAUSE_MS.clause;
  return PAUSE_MS.word;
}

/** The piece cut to its speech plus at most `JOIN.edgeMs` each side, and how much silence it kept there. */
export function trimToSpeech(samples: Float32Array, sampleRate: number): { samples: Float32Array; leadMs: number; trailMs: number } {
  const threshold = 10 ** (JOIN.speechDb / 20);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  if (first === samples.length) return { samples: samples.slice(), leadMs: 0, trailMs: 0 }; // nothing to cut by
  let last = samples.length - 1;
  while (Math.abs(samples[last]!) < threshold) last--;
  const edge = Math.round((JOIN.edgeMs * sampleRate) / 1000);
  const start = Math.max(0, first - edge);
  const end = Math.min(samples.length, last + 1 + edge);
  return { samples: samples.slice(start, end), leadMs: ((first - start) * 1000) / sampleRate, trailMs: ((end - last - 1) * 1000) / sampleRate };
}

/** Raised-cosine fade-in and fade-out over `JOIN.fadeMs` (or half the piece, if it is shorter), in place. */
export function fadeEdges(samples: Float32Array, sampleRate: number): Float32Array {
  const n = Math.min(Math.round((JOIN.fadeMs * sampleRate) / 1000), Math.floor(samples.length / 2));
  for (let i = 0; i < n; i++) {
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / n);
    samples[i]! *= gain;
    samples[samples.length - 1 - i]! *= gain;
  }
  return samples;
}

/**
 * Joins pieces as `JOIN` says, `pausesMs[i]` (speech to speech) after piece i; the last pause is the
 * silence left at the very end. A piece with no sample above the threshold is kept whole.
 */
export function joinSegments(pieces: Float32Array[], pausesMs: number[], sampleRate: number): Float32Array {
  const trimmed = pieces.map((piece) => trimToSpeech(piece, sampleRate));
  const kept = trimmed.map((t, i) => ({ ...t, pauseMs: pausesMs[i] ?? 0 }));
  const gaps = kept.map((t, i) => {
    const nextLeadMs = kept[i + 1]?.leadMs ?? 0;
    return Math.max(0, Math.round(((t.pauseMs - t.trailMs - nextLeadMs) * sampleRate) / 1000));
  });
  const out = new Float32Array(kept.reduce((sum, t, i) => sum + t.samples.length + gaps[i]!, 0));
  let offset = 0;
  kept.forEach((t, i) => {
    out.set(fadeEdges(t.samples, sampleRate), offset);
    offset += t.samples.length + gaps[i]!;
  });
  return out;
}

/**
 * Converters by rate pair. libsamplerate's medium sinc keeps 90% of the band with ~97 dB of stopband
 * rejection (its best quality measures the same at 8 kHz and costs 6× the time); `simple()` holds no state
 * between calls, so one converter serves every message.
 */
const converters = new Map<string, Promise<SRC>>();

function converter(fromRate: number, toRate: number): Promise<SRC> {
  const key = `${fromRate}:${toRate}`;
  let found = converters.get(key);
  if (!found) {
    found = createConverter(1, fromRate, toRate, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
    converters.set(key, found);
  }
  return found;
}

/**
 * The library's own splitting of inputs above 4 MB (about 43 s at 24 kHz) loses the output past the first
 * chunk, so longer inputs are cut here into windows of at most this many samples.
 */
export const RESAMPLE_WINDOW = 1 << 19;
/** Input samples resampled on each side of a window and thrown away: far beyond the sinc filter's reach. */
const RESAMPLE_MARGIN_MIN = 4_800;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Band-limited sample-rate conversion (libsamplerate): nothing above the new Nyquist folds back as aliasing. */
export async function resample(samples: Float32Array, fromRate: number, toRate: number, window = RESAMPLE_WINDOW): Promise<Float32Array> {
  if (fromRate === toRate || samples.length === 0) return samples;
  const src = await converter(fromRate, toRate);
  if (samples.length <= window) return src.simple(samples);
  // Windows start on whole multiples of `inStep` input samples, where input and output sample instants
  // coincide, so each window's output lines up exactly with the one before it.
  const divisor = gcd(fromRate, toRate);
  const inStep = fromRate / divisor;
  const outStep = toRate / divisor;
  const margin = Math.ceil(RESAMPLE_MARGIN_MIN / inStep) * inStep;
  const body = Math.floor((window - 2 * margin) / inStep) * inStep;
  const out = new Float32Array(Math.round((samples.length * toRate) / fromRate));
  for (let start = 0; start < samples.length; start += body) {
    const from = Math.max(0, start - margin);
    const resampled = src.simple(samples.subarray(from, Math.min(samples.length, start + body + margin)));
    const skip = ((start - from) / inStep) * outStep;
    const at = (start / inStep) * outStep;
    out.set(resampled.subarray(skip, skip + Math.min((body / inStep) * outStep, out.length - at)), at);
  }
  return out;
}

/**
 * Every message plays at one level. The measure is the active speech level (RMS over the 10 ms frames
 * that hold speech, as ITU-T P.56 does it for telephony), not integrated loudness (EBU R128 / BS.1770):
 * its K-weighting models full-band listening on loudspeakers and weighs the treble a phone line cuts
 * off, while the active level is what telephone networks specify and is blind to pause length, so a
 * message with longer pauses is not turned up. The target is -26 dBov, ITU-T's nominal speech level
 * for G.711 (16-bit full scale ≈ 0 dBov); the gain is capped so no peak passes -3 dBFS, where
 * mu-law would clip.
 */
export const LOUDNESS = Object.freeze({ targetDb: -26, peakCeilingDb: -3, frameMs: 10 });

/** Active speech level in dB relative to full scale: RMS of the frames whose own level is speech. */
export function activeSpeechLevelDb(samples: Float32Array, sampleRate: number): number {
  const frame = Math.max(1, Math.round((LOUDNESS.frameMs * sampleRate) / 1000));
  const gate = 10 ** ((2 * JOIN.speechDb) / 20); // on mean squares
  let energy = 0;
  let counted = 0;
  for (let start = 0; start < samples.length; start += frame) {
    const end = Math.min(samples.length, start + frame);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    if (sum / (end - start) >= gate) {
      energy += sum;
      counted += end - start;
    }
  }
  return counted === 0 ? -Infinity : 10 * Math.log10(energy / counted);
}

/** Scales the samples (in place) to the target level, less if a peak would pass the ceiling. */
export function normalizeLoudness(samples: Float32Array, sampleRate: number): Float32Array {
  const level = activeSpeechLevelDb(samples, sampleRate);
  if (!Number.isFinite(level)) return samples;
  const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
  const gain = Math.min(10 ** ((LOUDNESS.targetDb - level) / 20), 10 ** (LOUDNESS.peakCeilingDb / 20) / peak);
  for (let i = 0; i < samples.length; i++) samples[i]! *= gain;
  return samples;
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

/** Raw G.711 mu-law bytes, one per sample. */
export function mulawBytes(samples: Float32Array): Buffer {
  const ints = floatToInt16(samples);
  const data = Buffer.alloc(ints.length);
  for (let i = 0; i < ints.length; i++) data[i] = mulawEncodeSample(ints[i]!);
  return data;
}

/** Headerless 8 kHz mu-law, what Asterisk plays as a `.ulaw` file without transcoding. */
export async function encodeUlaw(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  return mulawBytes(await resample(samples, sampleRate, MULAW_SAMPLE_RATE));
}

/** 8 kHz 16-bit PCM WAV: the one WAV layout Asterisk, FreeSWITCH and Twilio all play. */
export async function encodeWav8k(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  return encodeWav(await resample(samples, sampleRate, MULAW_SAMPLE_RATE), MULAW_SAMPLE_RATE);
}

/** 8 kHz mu-law in a WAV container (format tag 7). Twilio plays it; Asterisk's WAV reader refuses it. */
export async function encodeMulawWav(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  const data = await encodeUlaw(samples, sampleRate);
  const header = wavHeader({
    formatTag: 7,
    sampleRate: MULAW_SAMPLE_RATE,
    bitsPerSample: 8,
    dataBytes: data.length,
    sampleCount: data.length,
  });
  return Buffer.concat(data.length % 2 ? [header, data, Buffer.alloc(1)] : [header, data]);
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
  const audio = Buffer.concat(parts);
  return audio.length === 0 ? audio : Buffer.concat([mp3InfoFrame(audio, samples.length), audio]);
}

/** LAME starts its output 576 samples late (the filter bank's start-up); decoders add 528 + 1 of their own. */
const LAME_ENCODER_DELAY = 576;
const MP3_KBPS: Record<"mpeg1" | "mpeg2", readonly number[]> = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, readonly number[]> = { 3: [44_100, 48_000, 32_000], 2: [22_050, 24_000, 16_000], 0: [11_025, 12_000, 8_000] };

/** Layer III frame facts from its 32-bit header. */
function mp3Frame(header: number): { bytes: number; samples: number; sideInfoBytes: number } {
  const version = (header >>> 19) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const mpeg1 = version === 3;
  const kbps = MP3_KBPS[mpeg1 ? "mpeg1" : "mpeg2"][(header >>> 12) & 15]!;
  const rate = MP3_RATES[version]![(header >>> 10) & 3]!;
  const padding = (header >>> 9) & 1;
  const mono = ((header >>> 6) & 3) === 3;
  return {
    bytes: Math.floor(((mpeg1 ? 144_000 : 72_000) * kbps) / rate) + padding,
    samples: mpeg1 ? 1152 : 576,
    sideInfoBytes: mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17,
  };
}

/**
 * An "Info" frame (the Xing header with LAME's extension, laid out as the LAME tag specification says) in
 * front of the audio frames. It carries the encoder delay and padding, so decoders that honour it (ffmpeg,
 * browsers, most players) drop them and the MP3 lasts exactly as long as its WAV; without it an MP3 of
 * 24 kHz speech is about 70 ms longer. lamejs's Mp3Encoder does not write this frame.
 */
function mp3InfoFrame(audio: Buffer, sampleCount: number): Buffer {
  let frames = 0;
  let samplesPerFrame = 0;
  for (let at = 0; at + 4 <= audio.length; frames++) {
    const frame = mp3Frame(audio.readUInt32BE(at));
    samplesPerFrame = frame.samples;
    at += frame.bytes;
  }
  const header = (audio.readUInt32BE(0) & ~0x200) >>> 0; // the first frame's header without its padding slot
  const layout = mp3Frame(header);
  const info = Buffer.alloc(layout.bytes);
  info.writeUInt32BE(header, 0);
  let o = 4 + layout.sideInfoBytes;
  o += info.write("Info", o, "ascii"); // "Info" rather than "Xing": constant bitrate
  o = info.writeUInt32BE(0x0f, o); // frame count, byte count, seek table and quality follow
  o = info.writeUInt32BE(frames, o);
  o = info.writeUInt32BE(info.length + audio.length, o);
  for (let i = 0; i < 100; i++) info[o + i] = Math.floor((i * 256) / 100); // constant bitrate: bytes ∝ time
  o = info.writeUInt32BE(0, o + 100);
  o += info.write("LAME3.98r", o, "ascii");
  info[o] = 0x01; // tag revision 0, constant bitrate
  o += 12; // revision, then lowpass, peak, gains, flags and bitrate unknown (0)
  const padding = frames * samplesPerFrame - LAME_ENCODER_DELAY - sampleCount;
  info.writeUIntBE((LAME_ENCODER_DELAY << 12) | Math.max(0, Math.min(4095, padding)), o, 3);
  info.writeUInt32BE(info.length + audio.length, o + 7); // after misc, MP3Gain and preset: the music length
  return info;
}

export type EncodedAudio = { bytes: Buffer; sampleRate: number };

export async function encodeAudio(samples: Float32Array, sampleRate: number, format: AudioFormat): Promise<EncodedAudio> {
  switch (format) {
    case "wav":
      return { bytes: encodeWav(samples, sampleRate), sampleRate };
    case "pcm":
      return { bytes: encodePcm16(samples), sampleRate };
    case "mp3":
      return { bytes: encodeMp3(samples, sampleRate), sampleRate };
    case "mulaw":
      return { bytes: await encodeMulawWav(samples, sampleRate), sampleRate: MULAW_SAMPLE_RATE };
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
