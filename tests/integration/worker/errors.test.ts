import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, errorBodySchema, LIMITS, openAiErrorBodySchema } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker({ threads: 1 });
});
afterAll(async () => {
  await worker?.stop();
});

function expectError(res: { status: number; json: () => unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = errorBodySchema.parse(res.json());
  expect(body.code).toBe(code);
  expect(ERROR_STATUS[body.code]).toBe(status);
  expect(body.retryable).toBe(false);
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

describe("bad input gets the right status and a JSON error with a code", () => {
  it("rejects empty text with 400 invalid_request", async () => {
    const res = await postToWorker(worker, "/v1/render", { text: "   ", voice: "af_heart" });
    expectError(res, 400, "invalid_request");
  });

  it("rejects text over the limit with 400 invalid_request", async () => {
    const res = await postToWorker(worker, "/v1/render", { text: "a".repeat(LIMITS.maxTextChars + 1), voice: "af_heart" });
    expect(expectError(res, 400, "invalid_request").message).toContain("text");
  });

  it("rejects an unknown voice with 400 unknown_voice", async () => {
    const res = await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "zz_nobody" });
    expectError(res, 400, "unknown_voice");
  });

  it.each([0.49, 2.01, -1])("rejects speed %s with 400 invalid_request", async (speed) => {
    const res = await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart", speed });
    expect(expectError(res, 400, "invalid_request").message).toContain("speed");
  });

  it("rejects an unknown format and unknown fields with 400", async () => {
    expectError(await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart", format: "ogg" }), 400, "invalid_request");
    expectError(await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart", volume: 3 }), 400, "invalid_request");
  });

  it("rejects a body that is not JSON with 400 invalid_json", async () => {
    const res = await postToWorker(worker, "/v1/render", null, { rawBody: "{text: hi" });
    expectError(res, 400, "invalid_json");
  });

  it("rejects a body that is not declared as JSON with 415", async () => {
    const res = await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart" }, { headers: { "content-type": "text/plain" } });
    expectError(res, 415, "unsupported_media_type");
  });

  it("rejects a body over the size limit with 413", async () => {
    const res = await postToWorker(worker, "/v1/render", null, {
      rawBody: JSON.stringify({ text: "a".repeat(LIMITS.maxBodyBytes), voice: "af_heart" }),
    });
    expectError(res, 413, "payload_too_large");
  });

  it("answers unknown routes with 404 and wrong methods with 405", async () => {
    const missing = await fetch(`${worker.url}/v2/nothing`, { headers: worker.authHeaders });
    expect(missing.status).toBe(404);
    expect(errorBodySchema.parse(await missing.json()).code).toBe("not_found");
    const wrong = await fetch(`${worker.url}/v1/render`, { headers: worker.authHeaders });
    expect(wrong.status).toBe(405);
  });
});

describe("bearer token", () => {
  it("answers 401 without a token on every route but /healthz", async () => {
    for (const route of ["/readyz", "/metrics"]) {
      const res = await fetch(`${worker.url}${route}`);
      expect(res.status, route).toBe(401);
      expect(errorBodySchema.parse(await res.json()).code).toBe("unauthorized");
    }
    // The OpenAI-compatible routes answer in OpenAI's envelope.
    const voices = await fetch(`${worker.url}/v1/audio/voices`);
    expect(voices.status).toBe(401);
    expect(openAiErrorBodySchema.parse(await voices.json()).error).toMatchObject({ code: "unauthorized", type: "authentication_error" });
    const unknown = await fetch(`${worker.url}/v1/audio/transcriptions`, { method: "POST", headers: worker.authHeaders });
    expect(unknown.status).toBe(404);
    expect(openAiErrorBodySchema.parse(await unknown.json()).error).toMatchObject({ code: "not_found" });
    const render = await fetch(`${worker.url}/v1/render`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "Hi.", voice: "af_heart" }),
    });
    expect(render.status).toBe(401);
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
  });

  it("answers 401 with a wrong token, including one of a different length", async () => {
    for (const token of ["x".repeat(worker.token!.length), "short", `${worker.token}extra`]) {
      const res = await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart" }, { headers: { authorization: `Bearer ${token}` } });
      expectError(res, 401, "unauthorized");
    }
  });

  it("accepts the right token", async () => {
    const res = await postToWorker(worker, "/v1/render", { text: "Hi.", voice: "af_heart" });
    expect(res.status).toBe(200);
  });
});
