/** Voice mixes on the real worker (tiny model, whose loudness follows the mean of the style vector). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAiErrorBodySchema } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker({ threads: 1 });
});
afterAll(async () => {
  await worker?.stop();
});

async function pcm(voice: string): Promise<Int16Array> {
  const res = await postToWorker(worker, "/v1/render", { text: "Hello Maria, see you on Tuesday.", voice, format: "pcm" });
  expect(res.status, voice).toBe(200);
  return new Int16Array(res.bytes.buffer, res.bytes.byteOffset, res.bytes.byteLength / 2);
}
const peak = (samples: Int16Array) => samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);

describe("voice mixes", () => {
  it("blends voices by weight: a mix sounds between its voices, and the weights move it", async () => {
    const [heart, bella] = [peak(await pcm("af_heart")), peak(await pcm("am_onyx"))];
    expect(heart).not.toBe(bella);
    const even = peak(await pcm("af_heart(1)+am_onyx(1)"));
    const mostlyHeart = peak(await pcm("af_heart(9)+am_onyx(1)"));
    const [low, high] = [Math.min(heart, bella), Math.max(heart, bella)];
    for (const mix of [even, mostlyHeart]) {
      expect(mix).toBeGreaterThan(low);
      expect(mix).toBeLessThan(high);
    }
    expect(Math.abs(mostlyHeart - heart)).toBeLessThan(Math.abs(even - heart));
    // The same mix spelled another way is the same audio.
    expect(await pcm("am_onyx(2)+af_heart(2)")).toEqual(await pcm("af_heart(1)+am_onyx(1)"));
  });

  it("names the unknown voice inside a mix", async () => {
    const res = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", input: "Hi.", voice: "af_heart(2)+zz_nobody(1)" });
    expect(res.status).toBe(400);
    expect(openAiErrorBodySchema.parse(res.json()).error).toMatchObject({ code: "unknown_voice", param: "voice" });
    expect(openAiErrorBodySchema.parse(res.json()).error.message).toContain('"zz_nobody"');
  });
});
