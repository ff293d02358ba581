import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIO_PROFILES, encodeMessage, FORMAT_INFO, PROFILE_INFO, type MessageFormat } from "@/lib/audio";
import { decodeWav16, encodeWav, resample } from "@/lib/protocol/audio";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

// Real rendered audio (the tiny model through kokoro-js), measured by independent decoders: ffprobe for the
// containers and codecs, sox for the spectrum.
let worker: TestWorker;
let speech: { samples: Float32Array; sampleRate: number };
const scratch = mkdtempSync(path.join(os.tmpdir(), "audio-formats-"));

beforeAll(async () => {
  worker = await startTestWorker();
  const res = await postToWorker(worker, "/v1/render", { text: "Hi Maria, this is Bright Smile Dental. Your appointment is on Tuesday.", voice: "af_heart" });
  expect(res.status).toBe(200);
  speech = decodeWav16(res.bytes);
});
afterAll(async () => {
  await worker?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function write(bytes: Buffer, name: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, bytes);
  return file;
}

type Probe = { codec: string; sampleRate: number; channels: number; bitsPerSample: number; durationMs: number; container: string };

/**
 * ffprobe's view of a file, and its length as ffmpeg decodes it (after the MP3 encoder delay and padding
 * are dropped, which ffprobe's container duration does not do). Raw mu-law has no header, so it is read
 * as what Asterisk assumes a `.ulaw` file is.
 */
function ffprobe(file: string, format: MessageFormat): Probe {
  const input = format === "ulaw" ? ["-f", "mulaw", "-ar", "8000", "-ac", "1"] : [];
  const out = execFileSync("ffprobe", ["-v", "error", ...input, "-show_streams", "-show_format", "-of", "json", file]).toString();
  const parsed = JSON.parse(out) as {
    streams: { codec_name: string; sample_rate: string; channels: number; bits_per_sample: number }[];
    format: { format_name: string };
  };
  const [stream] = parsed.streams;
  const decoded = execFileSync("ffmpeg", ["-v", "error", ...input, "-i", file, "-f", "s16le", "-ac", "1", "-"], { maxBuffer: 64 * 1024 * 1024 });
  const sampleRate = Number(stream!.sample_rate);
  return {
    codec: stream!.codec_name,
    sampleRate,
    channels: stream!.channels,
    bitsPerSample: stream!.bits_per_sample,
    durationMs: (decoded.length / 2 / sampleRate) * 1000,
    container: parsed.format.format_name,
  };
}

const EXPECTED: Record<MessageFormat, Omit<Probe, "durationMs" | "bitsPerSample"> & { bitsPerSample?: number }> = {
  wav: { codec: "pcm_s16le", sampleRate: 24_000, channels: 1, bitsPerSample: 16, container: "wav" },
  wav8k: { codec: "pcm_s16le", sampleRate: 8_000, channels: 1, bitsPerSample: 16, container: "wav" },
  ulaw: { codec: "pcm_mulaw", sampleRate: 8_000, channels: 1, container: "mulaw" },
  mp3: { codec: "mp3", sampleRate: 24_000, channels: 1, container: "mp3" },
  mulaw: { codec: "pcm_mulaw", sampleRate: 8_000, channels: 1, bitsPerSample: 8, container: "wav" },
};

describe("message audio formats, probed with ffprobe", () => {
  for (const profile of AUDIO_PROFILES) {
    for (const format of PROFILE_INFO[profile].formats) {
      it(`${profile}: ${FORMAT_INFO[format].label} has the codec, rate and channels the phone system plays, and the WAV's length`, async () => {
        const wavMs = (speech.samples.length / speech.sampleRate) * 1000;
        const probe = ffprobe(write(await encodeMessage(speech.samples, speech.sampleRate, format), `${profile}.${FORMAT_INFO[format].extension}`), format);
        expect(probe).toMatchObject(EXPECTED[format]);
        console.info(`${profile} ${format}: ${probe.durationMs.toFixed(1)} ms decoded vs ${wavMs.toFixed(1)} ms WAV`);
        expect(Math.abs(probe.durationMs - wavMs)).toBeLessThanOrEqual(50);
      });
    }
  }

  it("still serves the mu-law WAV of links exported before profiles", async () => {
    const probe = ffprobe(write(await encodeMessage(speech.samples, speech.sampleRate, "mulaw"), "legacy.ulaw.wav"), "mulaw");
    expect(probe).toMatchObject(EXPECTED.mulaw);
  });
});

const rms = (samples: Float32Array) => Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);

describe("resampling rendered speech to 8 kHz", () => {
  it("keeps what lies above 4 kHz at least 40 dB further down than the speech band", async () => {
    // sox splits the rendered audio into the telephone band and what lies above 4 kHz (a sinc filter with
    // 120 dB stopband); each band's level after resampling over its level before is the resampler's gain
    // for that band, so the result does not depend on how much treble the voice has.
    const source = write(encodeWav(speech.samples, speech.sampleRate), "speech.wav");
    const band = (name: string, sinc: string) => {
      const file = path.join(scratch, `${name}.wav`);
      execFileSync("sox", [source, "-b", "32", "-e", "floating-point", file, "sinc", sinc]);
      return readFloatWav(file);
    };
    const gainDb = async (samples: Float32Array) => 20 * Math.log10(rms(await resample(samples, speech.sampleRate, 8_000)) / rms(samples));
    const speechBand = band("speech-band", "-3400");
    const aboveBand = band("above-band", "4000");
    expect(rms(aboveBand)).toBeGreaterThan(1e-4); // there is treble to reject
    const rejectionDb = (await gainDb(speechBand)) - (await gainDb(aboveBand));
    console.info(`above-4 kHz rejection after 24→8 kHz on rendered speech: ${rejectionDb.toFixed(1)} dB`);
    expect(rejectionDb).toBeGreaterThanOrEqual(40);
  });
});

/** sox writes the bands as 32-bit float WAV, so the quiet band is not lost to 16-bit rounding. */
function readFloatWav(file: string): Float32Array {
  const raw = execFileSync("sox", [file, "-t", "f32", "-"], { maxBuffer: 64 * 1024 * 1024 });
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4).slice();
}
