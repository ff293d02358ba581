/**
 * Ogg Opus for /v1/audio/speech (`response_format: "opus"`), with libav.js's opus variant: FFmpeg's
 * libavformat and libopus compiled to WebAssembly, shipped inside the package (nothing to download, no
 * ffmpeg binary). Mono at the engine's rate (Opus takes 24 kHz as it is; players report 48 kHz, Opus's
 * output rate), 32 kbit/s, which OpenAI-style clients use for low-latency speech. Not streamed.
 */
import LibAVWrapper from "@libav.js/variant-opus-af";

type LibAV = LibAVWrapper.LibAV;

const BIT_RATE = 32_000;
const MONO = 4; // AV_CH_LAYOUT_MONO

let instance: Promise<LibAV> | null = null;
/** One encode at a time per thread: the instance has one virtual file system and one set of contexts. */
let queue: Promise<unknown> = Promise.resolve();
let files = 0;

/** Loaded on the first Opus request only; in this (model) thread itself, without threads of its own. */
function loadLibAV(): Promise<LibAV> {
  instance ??= LibAVWrapper.LibAV({ noworker: true, nothreads: true });
  return instance;
}

export function encodeOpus(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  const run = queue.then(() => encode(samples, sampleRate));
  queue = run.catch(() => {});
  return run;
}

async function encode(samples: Float32Array, sampleRate: number): Promise<Buffer> {
  const libav = await loadLibAV();
  const [, codec, frame, packet, frameSize] = await libav.ff_init_encoder("libopus", {
    ctx: { bit_rate: BIT_RATE, sample_fmt: libav.AV_SAMPLE_FMT_FLT, sample_rate: sampleRate, channel_layout: MONO, channels: 1 },
    time_base: [1, sampleRate],
  });
  const filename = `speech-${++files}.ogg`;
  try {
    const [format, , io] = await libav.ff_init_muxer({ format_name: "ogg", filename, open: true }, [[codec, 1, sampleRate]]);
    try {
      await libav.avformat_write_header(format, 0);
      const frames = [];
      for (let pts = 0; pts < samples.length; pts += frameSize) {
        frames.push({ data: samples.subarray(pts, Math.min(samples.length, pts + frameSize)), channel_layout: MONO, format: libav.AV_SAMPLE_FMT_FLT, pts, sample_rate: sampleRate });
      }
      await libav.ff_write_multi(format, packet, await libav.ff_encode_multi(codec, frame, packet, frames, true));
      await libav.av_write_trailer(format);
    } finally {
      await libav.ff_free_muxer(format, io);
    }
    const bytes = await libav.readFile(filename);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } finally {
    await libav.ff_free_encoder(codec, frame, packet);
    await libav.unlink(filename).catch(() => {});
  }
}
