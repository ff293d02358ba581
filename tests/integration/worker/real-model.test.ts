import { afterAll, describe, expect, it } from "vitest";
import { parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { decodeWav16 } from "@/lib/protocol/audio";
import { checkModelDir } from "@/workers/tts/model-files";
import { postToWorker, startTestWorker, type TestWorker } from "../../../harness/worker-process";

// The only test that uses the real Kokoro-82M weights; everything else runs the generated tiny model.
const modelDir = process.env.TTS_MODEL_DIR;
const check = modelDir ? await checkModelDir(modelDir, "q8") : null;
const available = check?.ok === true;
if (!available) {
  console.log(
    `[real-model smoke] skipped: ${modelDir ? `TTS_MODEL_DIR=${modelDir} is not usable (${check && !check.ok ? check.problems.join("; ") : "?"})` : "TTS_MODEL_DIR is not set"}; run \`npm run model:download\` and set TTS_MODEL_DIR to exercise the real weights.`,
  );
}

describe.skipIf(!available)("the real Kokoro-82M weights", () => {
  let worker: TestWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("renders a clinic reminder as speech of plausible length", async () => {
    worker = await startTestWorker({ engine: "kokoro", modelDir: modelDir!, threads: 1, readyTimeoutMs: 180_000 });
    const res = await postToWorker(worker, "/v1/render", { text: "Hi Maria, your appointment is on Tuesday, March third at two thirty PM.", voice: "af_heart" });
    expect(res.status).toBe(200);
    const meta = parseRenderResponseHeaders(res.headers);
    expect(meta.engine).toBe("kokoro");
    const wav = decodeWav16(res.bytes);
    expect(wav.sampleRate).toBe(24_000);
    // About 4–8 seconds of speech for this sentence; the tiny model would give a different length.
    expect(meta.audioMs).toBeGreaterThan(2_500);
    expect(meta.audioMs).toBeLessThan(12_000);
    expect(worker.networkAttempts()).toEqual([]);
  }, 240_000);
});
