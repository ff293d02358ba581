/** The official `openai` npm client against the real worker (tiny model): audio, and errors it can show. */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "@/tests/helpers/test-worker";

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
  it("gets speech back", async () => {
    const res = await client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hello there.", response_format: "wav" });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.toString("ascii", 0, 4)).toBe("RIFF");
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

  it("shows which field is out of range", async () => {
    const error = await apiError(client.audio.speech.create({ model: "kokoro", voice: "af_heart", input: "Hi.", speed: 3 }));
    expect(error.message).toContain("speed");
    expect(error).toMatchObject({ status: 400, param: "speed", code: "invalid_request" });
  });
});
