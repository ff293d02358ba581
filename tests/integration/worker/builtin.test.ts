// The built-in offline voice (eSpeak NG in WASM, installed by npm): real speech with nothing but Node, and the
// same worker promises as Kokoro: /healthz under load, 503 + Retry-After, drain on SIGTERM, a model version.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeWav16 } from "@/lib/protocol/audio";
import { errorBodySchema, parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const workers: TestWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

/** A PATH with nothing on it: no espeak-ng, sox or ffmpeg can be found (the worker is started by file path). */
const BARE_PATH = mkdtempSync(path.join(os.tmpdir(), "tts-bare-path-"));
const LONG_TEXT = Array.from({ length: 12 }, (_, i) => `Reminder number ${i + 1}: your appointment is on Tuesday at two thirty PM.`).join(" ");

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
}

// Each test starts a worker whose model threads load the WASM synthesizer: slow on a busy 2-core machine.
describe("built-in voice", { timeout: 180_000 }, () => {
  it("speaks real, non-silent WAV audio with no system binaries, offering its own six voices", async () => {
    const worker = await startTestWorker({ engine: "builtin", threads: 1, env: { PATH: BARE_PATH } });
    workers.push(worker);
    expect(worker.readiness.engine).toBe("builtin");
    expect(worker.readiness.modelVersion).toMatch(/^espeak-ng-wasm-\d+\.\d+\.\d+\+voices\d+\+24k$/);
    expect(worker.readiness.voices).toEqual(["af_basic", "am_basic", "bf_basic", "bm_basic", "ef_basic", "em_basic"]);
    const listed = (await (await fetch(`${worker.url}/v1/audio/voices`, { headers: worker.authHeaders })).json()) as {
      voices: Array<{ id: string; language: string; gender: string }>;
    };
    expect(listed.voices.map((v) => `${v.id} ${v.language} ${v.gender}`)).toEqual([
      "af_basic en-us Female",
      "am_basic en-us Male",
      "bf_basic en-gb Female",
      "bm_basic en-gb Male",
      "ef_basic es-419 Female",
      "em_basic es-419 Male",
    ]);
    // Spanish without the Kokoro weights: the basic voice reads it with eSpeak NG's Latin American Spanish.
    const spanish = await postToWorker(worker, "/v1/render", { text: "Hola Lucía, su cita es el martes.", voice: "ef_basic", language: "es" });
    expect(spanish.status).toBe(200);
    expect(rms(decodeWav16(spanish.bytes).samples)).toBeGreaterThan(0.02);

    const female = await postToWorker(worker, "/v1/render", { text: "Your appointment is on Tuesday.", voice: "af_basic" });
    expect(female.status).toBe(200);
    const meta = parseRenderResponseHeaders(female.headers);
    expect(meta.engine).toBe("builtin");
    expect(meta.modelVersion).toBe(worker.readiness.modelVersion);
    const wav = decodeWav16(female.bytes);
    expect(wav.sampleRate).toBe(24_000);
    expect(rms(wav.samples)).toBeGreaterThan(0.02);
    expect(meta.audioMs).toBeGreaterThan(1_000);

    // Speed reaches the synthesizer: twice as fast is clearly shorter.
    const fast = await postToWorker(worker, "/v1/render", { text: "Your appointment is on Tuesday.", voice: "af_basic", speed: 2 });
    expect(parseRenderResponseHeaders(fast.headers).audioMs).toBeLessThan(meta.audioMs * 0.75);
    // Another voice is another voice, not the same audio.
    const male = await postToWorker(worker, "/v1/render", { text: "Your appointment is on Tuesday.", voice: "bm_basic" });
    expect(male.status).toBe(200);
    expect(Buffer.compare(male.bytes, female.bytes)).not.toBe(0);
    // A Kokoro voice is not one this engine has: refused, not silently replaced.
    const kokoro = await postToWorker(worker, "/v1/render", { text: "Hello.", voice: "af_heart" });
    expect(kokoro.status).toBe(400);
    expect(errorBodySchema.parse(kokoro.json()).code).toBe("unknown_voice");
    expect(worker.networkAttempts()).toEqual([]);
  });

  it("is what auto falls back to, with a loud warning, when Kokoro is missing and espeak-ng is not installed", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "tts-empty-model-"));
    const worker = await startTestWorker({ engine: "auto", threads: 1, modelDir: empty, env: { PATH: BARE_PATH } });
    workers.push(worker);
    expect(worker.readiness.engine).toBe("builtin");
    expect(worker.readiness.warning).toContain(empty);
    expect(worker.readiness.warning).toContain("built-in offline voice");
    expect(worker.stderr()).toContain("KOKORO IS NOT RUNNING");
    const res = await postToWorker(worker, "/v1/render", { text: "Hello Maria.", voice: "af_basic" });
    expect(res.status).toBe(200);
  });

  it("answers /healthz while both model threads synthesize, and 503 + Retry-After once the queue is full", async () => {
    const worker = await startTestWorker({ engine: "builtin", threads: 2, maxQueue: 2 });
    workers.push(worker);
    let rendering = true;
    let healthyDuringLoad = 0;
    const probe = (async () => {
      while (rendering) {
        const res = await fetch(`${worker.url}/healthz`);
        await res.text();
        if (res.status === 200 && rendering) healthyDuringLoad++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => postToWorker(worker, "/v1/render", { text: `${i}. ${LONG_TEXT}`, voice: "am_basic" })),
    );
    rendering = false;
    await probe;
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(ok).toHaveLength(4); // two running, two queued
    expect(refused).toHaveLength(4);
    for (const res of refused) {
      expect(errorBodySchema.parse(res.json())).toMatchObject({ code: "overloaded", retryable: true });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(healthyDuringLoad).toBeGreaterThan(0);
  });

  it("drains the renders in flight on SIGTERM and exits 0", async () => {
    const worker = await startTestWorker({ engine: "builtin", threads: 1 });
    const renders = Array.from({ length: 3 }, (_, i) => postToWorker(worker, "/v1/render", { text: `${i}. ${LONG_TEXT}`, voice: "bf_basic" }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exit = await worker.stop();
    expect((await Promise.all(renders)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(exit.code).toBe(0);
  });
});
