import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";
import { decodeWav16 } from "@/lib/protocol/audio";

const hasEspeak = spawnSync("espeak-ng", ["--version"]).status === 0;
const workers: TestWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

// Debian's espeak-ng, only when TTS_ENGINE=espeak asks for it (auto falls back to the built-in voice instead).
describe.skipIf(!hasEspeak)("espeak engine", () => {
  it("speaks real, non-silent WAV audio offline, with the espeak version and voice as model version", async () => {
    const worker = await startTestWorker({ engine: "espeak", threads: 1 });
    workers.push(worker);
    expect(worker.readiness.engine).toBe("espeak");
    const res = await postToWorker(worker, "/v1/render", { text: "Your appointment is on Tuesday.", voice: "bm_george" });
    expect(res.status).toBe(200);
    const meta = parseRenderResponseHeaders(res.headers);
    expect(meta.engine).toBe("espeak");
    expect(meta.modelVersion).toMatch(/^espeak-ng-[\d.]+\+voices\d+\+24k$/);
    expect(meta.modelVersion).toBe(worker.readiness.modelVersion);
    const wav = decodeWav16(res.bytes);
    expect(wav.sampleRate).toBe(24_000);
    const rms = Math.sqrt(wav.samples.reduce((sum, s) => sum + s * s, 0) / wav.samples.length);
    expect(rms).toBeGreaterThan(0.02);
    expect(meta.audioMs).toBeGreaterThan(1_000);
    expect(worker.networkAttempts()).toEqual([]);
  });
});
