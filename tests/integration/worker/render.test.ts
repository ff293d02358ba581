import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openAiErrorBodySchema, parseRenderResponseHeaders, voicesResponseSchema, type RenderRequest } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";
import { decodeWav16 } from "@/lib/protocol/audio";

let worker: TestWorker;
const scratch = mkdtempSync(path.join(os.tmpdir(), "tts-render-test-"));

beforeAll(async () => {
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker?.stop();
});

async function render(request: RenderRequest) {
  const res = await postToWorker(worker, "/v1/render", request);
  expect(res.status, res.bytes.toString()).toBe(200);
  return { ...res, meta: parseRenderResponseHeaders(res.headers) };
}

/** soxi's view of a file (duration in seconds, rate, encoding), so the bytes are checked by an independent decoder. */
function soxi(bytes: Buffer, ext: string) {
  const file = path.join(scratch, `${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(file, bytes);
  const field = (flag: string) => execFileSync("soxi", [flag, file]).toString().trim();
  return { file, seconds: Number(field("-D")), rate: Number(field("-r")), encoding: field("-e") };
}

/** `sox file -n stat` prints to stderr. */
function soxStat(file: string): string {
  const result = spawnSync("sox", [file, "-n", "stat"]);
  return result.stderr.toString();
}

describe("POST /v1/render on the real kokoro-js path (tiny model)", () => {
  it("reports a measured speed in /readyz from start-up, before any render", () => {
    // The builder estimates render time from this; without the start-up probe it would be null until the first render.
    expect(worker.readiness.meanGenerationMsPerAudioSecond).toBeGreaterThan(0);
  });

  it("returns a 16-bit WAV at the model's 24 kHz rate with render headers", async () => {
    const { bytes, meta, headers } = await render({ text: "Hello Maria, see you on Tuesday.", voice: "af_heart" });
    expect(headers.get("content-type")).toBe("audio/wav");
    const wav = decodeWav16(bytes);
    expect(wav.sampleRate).toBe(24_000);
    expect(meta).toMatchObject({ sampleRate: 24_000, engine: "kokoro" });
    expect(meta.modelVersion).toBe(worker.readiness.modelVersion);
    expect(meta.modelVersion).toMatch(/^kokoro-82m-v1\.0-q8-[0-9a-f]{12}$/);
    expect(Math.abs(meta.audioMs - (wav.samples.length / 24_000) * 1000)).toBeLessThanOrEqual(1);
    expect(wav.samples.some((s) => Math.abs(s) > 0.1)).toBe(true);
    const info = soxi(bytes, "wav");
    expect(info.rate).toBe(24_000);
    expect(info.encoding).toBe("Signed Integer PCM");
  });

  it("grows with the text and shrinks with speed", async () => {
    const short = await render({ text: "Hello.", voice: "af_heart" });
    const long = await render({ text: "Hello, this is a much longer message for you.", voice: "af_heart" });
    const fast = await render({ text: "Hello, this is a much longer message for you.", voice: "af_heart", speed: 2 });
    expect(long.meta.audioMs).toBeGreaterThan(short.meta.audioMs * 2);
    expect(fast.meta.audioMs).toBeLessThan(long.meta.audioMs * 0.6);
    expect(fast.meta.audioMs).toBeGreaterThan(long.meta.audioMs * 0.4);
  });

  it("returns identical bytes for identical requests", async () => {
    const request = { text: "Press 1 to confirm.", voice: "bf_emma", speed: 1.1 } satisfies RenderRequest;
    const [a, b] = await Promise.all([render(request), render(request)]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const other = await render({ ...request, voice: "am_adam" });
    expect(other.bytes.equals(a.bytes)).toBe(false);
  });

  it("renders a 3,000-character text completely, with audio proportional to its length", async () => {
    const sentence = "Your appointment with Doctor Smith is on Tuesday afternoon, please arrive ten minutes early. ";
    const base = await render({ text: sentence.trim(), voice: "af_heart" });
    const text = sentence.repeat(Math.ceil(3000 / sentence.length)).slice(0, 3000);
    const full = await render({ text, voice: "af_heart" });
    // Past the 510-token limit kokoro-js would cut the audio at about 510 × 50 ms = 25.5 s.
    const repeats = text.length / sentence.length;
    expect(full.meta.audioMs).toBeGreaterThan(60_000);
    expect(full.meta.audioMs / base.meta.audioMs).toBeGreaterThan(repeats * 0.85);
    expect(full.meta.audioMs / base.meta.audioMs).toBeLessThan(repeats * 1.2);
  });

  it("renders a text that would hang kokoro-js's splitter (\"@handle\\n\")", async () => {
    const { meta } = await render({ text: "Follow us @brightsmile\nand @dental\n", voice: "af_heart" });
    expect(meta.audioMs).toBeGreaterThan(500);
  });

  it("encodes MP3 that decodes to the same duration", async () => {
    const wav = await render({ text: "Your appointment is on Tuesday.", voice: "af_heart" });
    const mp3 = await render({ text: "Your appointment is on Tuesday.", voice: "af_heart", format: "mp3" });
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
    const info = soxi(mp3.bytes, "mp3");
    expect(info.rate).toBe(24_000);
    expect(Math.abs(info.seconds * 1000 - wav.meta.audioMs)).toBeLessThan(150);
  });

  it("encodes 8 kHz mu-law WAV for phone systems", async () => {
    const res = await render({ text: "Your appointment is on Tuesday.", voice: "af_heart", format: "mulaw" });
    expect(res.meta.sampleRate).toBe(8_000);
    const info = soxi(res.bytes, "wav");
    expect(info).toMatchObject({ rate: 8_000, encoding: "u-law" });
    expect(Math.abs(info.seconds * 1000 - res.meta.audioMs)).toBeLessThan(5);
    const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(soxStat(info.file))?.[1]);
    expect(rms).toBeGreaterThan(0.05);
  });

  it("returns raw 16-bit PCM when asked for pcm", async () => {
    const wav = await render({ text: "Hello there.", voice: "af_heart" });
    const pcm = await render({ text: "Hello there.", voice: "af_heart", format: "pcm" });
    expect(pcm.bytes.equals(wav.bytes.subarray(44))).toBe(true);
  });
});

describe("OpenAI-compatible and listing routes", () => {
  it("serves POST /v1/audio/speech with OpenAI's field names", async () => {
    const res = await postToWorker(worker, "/v1/audio/speech", {
      model: "tts-1",
      input: "Hi Maria.",
      voice: "af_bella",
      response_format: "wav",
      speed: 1.25,
    });
    expect(res.status).toBe(200);
    expect(decodeWav16(res.bytes).sampleRate).toBe(24_000);
    const mp3 = await postToWorker(worker, "/v1/audio/speech", { model: "tts-1", input: "Hi Maria.", voice: "af_bella" });
    expect(mp3.headers.get("content-type")).toBe("audio/mpeg");
  });

  it("rejects an OpenAI voice the worker does not have with unknown_voice", async () => {
    const res = await postToWorker(worker, "/v1/audio/speech", { model: "tts-1", input: "Hi.", voice: "alloy" });
    expect(res.status).toBe(400);
    expect(openAiErrorBodySchema.parse(res.json()).error).toMatchObject({ code: "unknown_voice", param: "voice" });
  });

  it("lists the bundled Kokoro voices", async () => {
    const res = await fetch(`${worker.url}/v1/audio/voices`, { headers: worker.authHeaders });
    const body = voicesResponseSchema.parse(await res.json());
    expect(body.voices.map((v) => v.id)).toContain("af_heart");
    // 28 English voices and the 3 Spanish ones; Kokoro's voices in other languages are not offered yet.
    expect(body.voices).toHaveLength(31);
  });

  it("exposes Prometheus metrics for renders, audio and queue depth", async () => {
    const text = await (await fetch(`${worker.url}/metrics`, { headers: worker.authHeaders })).text();
    expect(text).toMatch(/^tts_renders_total\{engine="kokoro",format="wav"\} \d+/m);
    expect(text).toMatch(/^tts_audio_seconds_total [\d.]+/m);
    expect(text).toMatch(/^tts_queue_depth 0/m);
    expect(text).toMatch(/^tts_errors_total\{code="unknown_voice"\} 1/m);
  });

  it("never logs the text and logs one structured line per render", async () => {
    const secret = "Zanzibar-secret-phrase.";
    await render({ text: secret, voice: "af_heart" });
    const line = await vi.waitFor(() => {
      const found = worker.logs().find((l) => l.msg === "request" && l.path === "/v1/render" && l.chars === secret.length);
      if (!found) throw new Error("no log line yet");
      return found;
    });
    expect(line).toMatchObject({ level: "info", status: 200 });
    for (const field of ["requestId", "audioMs", "generationMs", "queueMs", "queued"]) expect(line).toHaveProperty(field);
    expect(JSON.stringify(worker.logs())).not.toContain("Zanzibar");
  });

  it("made no network call beyond loopback (kokoro-js, transformers and the phonemizer stay offline)", () => {
    expect(worker.networkAttempts()).toEqual([]);
  });
});
