/** The official `openai` npm client against the real worker (tiny model): audio, and errors it can show. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "@/harness/worker-process";

let worker: TestWorker;
let client: OpenAI;
beforeAll(async () => {
  worker = await startTestWorker({ threads: 1 });
  client = new OpenAI({ baseURL: `${worker.url}/v1`, apiKey: worker.token!, maxRetries: 0 });
});
afterAll(async () => {
  await worker?.stop();
});

async function apiError(run: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await run;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("expected an API error");
}

describe("the openai client", () => {
  it("lists the models it can speak with", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["kokoro", "tts-1"]));
  });

  it.each([
    ["wav", (b: Buffer) => b.toString("ascii", 0, 4) === "RIFF"],
    ["mp3", (b: Buffer) => b[0] === 0xff && (b[1]! & 0xe0) === 0xe0], // an MPEG frame sync
    ["pcm", (b: Buffer) => b.length % 2 === 0],
  ] as const)("gets %s speech, whole and streamed as audio", async (format, looksRight) => {
    const input = "Hello there. This is the second sentence.";
    const whole = Buffer.from(await (await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: format })).arrayBuffer());
    expect(looksRight(whole)).toBe(true);
    const res = await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: format, stream_format: "audio" });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
    const streamed = Buffer.concat(chunks);
    expect(looksRight(streamed)).toBe(true);
    if (format === "pcm") expect(streamed.equals(whole)).toBe(true);
  });

  it("streams OpenAI's speech.audio events over SSE", async () => {
    const res = await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "One. Two.", response_format: "pcm", stream_format: "sse" });
    const types = (await res.text()).split("\n\n").filter(Boolean).map((block) => (JSON.parse(block.slice(6)) as { type: string }).type);
    expect(types.at(-1)).toBe("speech.audio.done");
    expect(types.slice(0, -1).every((type) => type === "speech.audio.delta")).toBe(true);
    expect(types.length).toBeGreaterThanOrEqual(3);
  });

  it("accepts instructions and says in a header that Kokoro ignores them", async () => {
    const { response } = await client.audio.speech
      .create({ model: "kokoro", voice: "af_heart", input: "Hi.", instructions: "Speak cheerfully.", response_format: "wav" })
      .withResponse();
    expect(response.headers.get("x-tts-instructions")).toMatch(/^ignored/);
  });

  it("gets FLAC that decodes to the same length as the WAV, and says FLAC does not stream", async () => {
    const input = "Hello there. This is the second sentence.";
    const flac = Buffer.from(await (await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "flac" })).arrayBuffer());
    const wav = Buffer.from(await (await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "wav" })).arrayBuffer());
    expect(flac.toString("ascii", 0, 4)).toBe("fLaC");
    expect(flac.length).toBeLessThan(wav.length);
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-flac-"));
    writeFileSync(path.join(dir, "a.flac"), flac);
    writeFileSync(path.join(dir, "a.wav"), wav);
    // Lossless: decoded FLAC is the WAV's samples exactly.
    const decode = (file: string) => execFileSync("ffmpeg", ["-v", "error", "-xerror", "-i", path.join(dir, file), "-f", "s16le", "-"], { maxBuffer: 64 * 2 ** 20 });
    expect(decode("a.flac").equals(decode("a.wav"))).toBe(true);

    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "flac", stream_format: "audio" }));
    expect(error.message).toContain("streaming works with mp3, wav, pcm");
    expect(error).toMatchObject({ param: "stream_format" });
  });

  it("gets Ogg Opus that decodes to the WAV's length, and says Opus does not stream", async () => {
    const input = "Hello there. This is the second sentence.";
    const res = await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "opus" }).asResponse();
    expect(res.headers.get("content-type")).toBe("audio/ogg; codecs=opus");
    const opus = Buffer.from(await res.arrayBuffer());
    const wav = Buffer.from(await (await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "wav" })).arrayBuffer());
    expect(opus.toString("ascii", 0, 4)).toBe("OggS");
    expect(opus.length).toBeLessThan(wav.length / 4);
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-opus-"));
    writeFileSync(path.join(dir, "a.ogg"), opus);
    writeFileSync(path.join(dir, "a.wav"), wav);
    const probe = (file: string) => execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,channels:format=duration", "-of", "json", path.join(dir, file)]).toString();
    const ogg = JSON.parse(probe("a.ogg")) as { streams: { codec_name: string; channels: number }[]; format: { duration: string } };
    const pcm = JSON.parse(probe("a.wav")) as { format: { duration: string } };
    expect(ogg.streams).toEqual([{ codec_name: "opus", channels: 1 }]);
    expect(Math.abs(Number(ogg.format.duration) - Number(pcm.format.duration))).toBeLessThan(0.03);
    execFileSync("ffmpeg", ["-v", "error", "-xerror", "-i", path.join(dir, "a.ogg"), "-f", "null", "-"]);

    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input, response_format: "opus", stream_format: "audio" }));
    expect(error.message).toContain("streaming works with mp3, wav, pcm");
  });

  it("refuses aac with a message listing the formats it has", async () => {
    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hi.", response_format: "aac" }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain("use one of mp3, wav, pcm, flac, opus; this worker has no aac encoder");
    expect(error).toMatchObject({ param: "response_format" });
  });

  it("refuses a model it does not answer to, naming the ones it does, and speaks with each one it lists", async () => {
    for (const model of ["tts-2", "whisper-1", "Kokoro", "gpt-4o-mini-tts\u0000"]) {
      const error = await apiError(client.audio.speech.create({ model, voice: "af_heart", input: "Hi." }));
      expect(error, model).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error.message).toContain(`unknown model ${JSON.stringify(model)}; this worker answers to kokoro, tts-1, tts-1-hd, gpt-4o-mini-tts (see GET /v1/models)`);
      expect(error).toMatchObject({ param: "model", type: "invalid_request_error", code: "invalid_request" });
    }
    const listed: string[] = [];
    for await (const model of client.models.list()) listed.push(model.id);
    for (const model of listed) {
      const res = await client.audio.speech.create({ model, voice: "af_heart", input: "Hi.", response_format: "wav" }).asResponse();
      expect(res.status, model).toBe(200);
      await res.arrayBuffer();
    }
  });

  it("shows the worker's message for an unknown voice, with the field at fault", async () => {
    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "zz_nobody", input: "Hi." }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('unknown voice "zz_nobody"');
    expect(error).toMatchObject({ code: "unknown_voice", param: "voice", type: "invalid_request_error" });
  });

  it("shows the worker's message for a wrong token", async () => {
    const stranger = new OpenAI({ baseURL: `${worker.url}/v1`, apiKey: "not-the-token-at-all", maxRetries: 0 });
    const error = await apiError(stranger.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hi." }));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.message).toContain("TTS_WORKER_TOKEN");
    expect(error).toMatchObject({ code: "unauthorized", type: "authentication_error" });
  });

  it.each([3, 0.3])("says that speed %s is OpenAI's range but not Kokoro's", async (speed) => {
    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hi.", speed }));
    expect(error.message).toContain("Kokoro speaks at speeds from 0.5 to 2");
    expect(error).toMatchObject({ status: 400, param: "speed", code: "invalid_request" });
  });

  it("says the speed is out of OpenAI's own range too", async () => {
    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hi.", speed: 5 }));
    expect(error.message).toContain("speed must be between 0.25 and 4");
  });
});
