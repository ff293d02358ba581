// Every format from every engine is what it promises: OpenAI's `pcm` is 24 kHz 16-bit mono, Ogg Opus needs
// a rate libopus takes (8/12/16/24/48 kHz), and the headers say the rate the bytes have. The built-in
// voice and espeak-ng synthesize at 22,050 Hz, so they resample to the worker's 24 kHz like Kokoro's.
// Each file is checked by ffprobe and decoded by ffmpeg, which refuses what a player would.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeWav16 } from "@/lib/protocol/audio";
import { parseRenderResponseHeaders, SPEECH_SAMPLE_RATE } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const hasEspeak = spawnSync("espeak-ng", ["--version"]).status === 0;
const dir = mkdtempSync(path.join(os.tmpdir(), "tts-formats-"));
const TEXT = "Your appointment is on Tuesday. Please call us back.";

type Probe = { streams: { codec_name: string; sample_rate: string; channels: number }[]; format: { duration: string } };
function probe(name: string, bytes: Buffer, input: string[] = []): Probe {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  // Decodes the whole file; -xerror fails on the first damaged frame.
  execFileSync("ffmpeg", ["-v", "error", "-xerror", ...input, "-i", file, "-f", "null", "-"]);
  return JSON.parse(execFileSync("ffprobe", ["-v", "error", ...input, "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of", "json", file]).toString()) as Probe;
}

const engines = [
  { engine: "kokoro" as const, voice: "af_heart", skip: false },
  { engine: "builtin" as const, voice: "af_basic", skip: false },
  { engine: "espeak" as const, voice: "af_heart", skip: !hasEspeak },
];

describe.each(engines)("every format of the $engine engine", ({ engine, voice, skip }) => {
  let worker: TestWorker;
  beforeAll(async () => {
    if (!skip) worker = await startTestWorker({ engine, threads: 1 });
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
  });

  it.skipIf(skip)(`renders at ${SPEECH_SAMPLE_RATE} Hz`, () => {
    expect(worker.readiness.sampleRate).toBe(SPEECH_SAMPLE_RATE);
  });

  const speech = (format: string) => postToWorker(worker, "/v1/audio/speech", { model: "tts-1", voice, input: TEXT, response_format: format });

  it.skipIf(skip)("speech pcm: raw 16-bit mono at 24 kHz, and says so", async () => {
    const res = await speech("pcm");
    expect(res.status, res.bytes.toString().slice(0, 200)).toBe(200);
    expect(res.headers.get("content-type")).toBe(`audio/L16;rate=${SPEECH_SAMPLE_RATE};channels=1`);
    const info = probe(`${engine}.pcm`, res.bytes, ["-f", "s16le", "-ar", String(SPEECH_SAMPLE_RATE), "-ac", "1"]);
    // About as many samples as the WAV of the same text (a render of eSpeak NG may differ by a few ms): the
    // samples really are at 24 kHz, not 22,050 Hz labelled 24 (8 % fewer).
    const wav = decodeWav16((await speech("wav")).bytes);
    expect(wav.sampleRate).toBe(SPEECH_SAMPLE_RATE);
    expect(Math.abs(res.bytes.length / 2 / wav.samples.length - 1)).toBeLessThan(0.01);
    expect(Number(info.format.duration)).toBeGreaterThan(1);
  });

  it.skipIf(skip)("speech wav, mp3 and flac: 24 kHz mono, and each decodes", async () => {
    const durations: number[] = [];
    for (const [format, codec] of [["wav", "pcm_s16le"], ["mp3", "mp3"], ["flac", "flac"]] as const) {
      const res = await speech(format);
      expect(res.status, `${format}: ${res.bytes.toString().slice(0, 200)}`).toBe(200);
      const info = probe(`${engine}.${format}`, res.bytes);
      expect(info.streams, format).toEqual([{ codec_name: codec, sample_rate: String(SPEECH_SAMPLE_RATE), channels: 1 }]);
      durations.push(Number(info.format.duration));
    }
    // mp3 adds at most a frame of encoder delay; the three say the same audio.
    expect(Math.max(...durations) - Math.min(...durations)).toBeLessThan(0.1);
  });

  it.skipIf(skip)("speech opus: Ogg Opus that decodes, as long as the WAV", async () => {
    const res = await speech("opus");
    expect(res.status, res.bytes.toString().slice(0, 200)).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/ogg; codecs=opus");
    const info = probe(`${engine}.ogg`, res.bytes);
    expect(info.streams.map((s) => [s.codec_name, s.channels])).toEqual([["opus", 1]]);
    // The Opus header keeps the input rate: 24 kHz.
    const head = res.bytes.indexOf("OpusHead");
    expect(res.bytes.readUInt32LE(head + 12)).toBe(SPEECH_SAMPLE_RATE);
    const wav = probe(`${engine}-for-opus.wav`, (await speech("wav")).bytes);
    expect(Math.abs(Number(info.format.duration) - Number(wav.format.duration))).toBeLessThan(0.03);
  });

  it.skipIf(skip)("render wav, pcm and mp3 at 24 kHz and mulaw at 8 kHz, with the rate in the headers", async () => {
    for (const [format, rate] of [["wav", SPEECH_SAMPLE_RATE], ["pcm", SPEECH_SAMPLE_RATE], ["mp3", SPEECH_SAMPLE_RATE], ["mulaw", 8_000]] as const) {
      const res = await postToWorker(worker, "/v1/render", { text: TEXT, voice, format });
      expect(res.status, format).toBe(200);
      expect(parseRenderResponseHeaders(res.headers).sampleRate, format).toBe(rate);
      const info = format === "pcm" ? probe(`${engine}-render.pcm`, res.bytes, ["-f", "s16le", "-ar", String(rate), "-ac", "1"]) : probe(`${engine}-render.${format}`, res.bytes);
      expect(Number(info.streams[0]!.sample_rate), format).toBe(rate);
    }
  });
});
