import { describe, expect, it } from "vitest";
import {
  ERROR_CODES,
  ERROR_RETRYABLE,
  ERROR_STATUS,
  LIMITS,
  openAiSpeechRequestSchema,
  parseRenderResponseHeaders,
  renderRequestSchema,
  type RenderRequest,
} from "@/lib/protocol/tts";

describe("render request schema", () => {
  it("accepts a minimal request and fills speed and format", () => {
    const request = { text: "Hi Maria.", voice: "af_heart" } satisfies RenderRequest;
    expect(renderRequestSchema.parse(request)).toEqual({ text: "Hi Maria.", voice: "af_heart", speed: 1, format: "wav" });
  });

  it.each([
    [{ text: "", voice: "af_heart" }],
    [{ text: "  \n ", voice: "af_heart" }],
    [{ text: "a".repeat(LIMITS.maxTextChars + 1), voice: "af_heart" }],
    [{ text: "Hi", voice: "af_heart", speed: 0.4 }],
    [{ text: "Hi", voice: "af_heart", speed: 2.1 }],
    [{ text: "Hi", voice: "af_heart", format: "ogg" }],
    [{ text: "Hi", voice: "" }],
    [{ text: "Hi", voice: "af_heart", extra: 1 }],
  ])("rejects %j", (body) => {
    expect(renderRequestSchema.safeParse(body).success).toBe(false);
  });

  it("accepts the speed range ends", () => {
    expect(renderRequestSchema.parse({ text: "Hi", voice: "af_heart", speed: 0.5 }).speed).toBe(0.5);
    expect(renderRequestSchema.parse({ text: "Hi", voice: "af_heart", speed: 2 }).speed).toBe(2);
  });
});

describe("error table", () => {
  it("gives every code a status and a retryable flag, with saturation retryable and bad input not", () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(typeof ERROR_RETRYABLE[code]).toBe("boolean");
    }
    expect([ERROR_STATUS.overloaded, ERROR_RETRYABLE.overloaded]).toEqual([503, true]);
    expect([ERROR_STATUS.unknown_voice, ERROR_RETRYABLE.unknown_voice]).toEqual([400, false]);
    expect(ERROR_STATUS.payload_too_large).toBe(413);
    expect(ERROR_STATUS.unsupported_media_type).toBe(415);
    expect(ERROR_STATUS.synthesis_failed).toBe(500);
  });
});

describe("response headers", () => {
  it("parses the render headers from a Headers object", () => {
    const headers = new Headers({
      "x-tts-sample-rate": "24000",
      "x-tts-audio-ms": "1500",
      "x-tts-generation-ms": "120",
      "x-tts-engine": "kokoro",
      "x-tts-model-version": "kokoro-82m-v1.0-q8-abc",
      "x-request-id": "r1",
    });
    expect(parseRenderResponseHeaders(headers)).toEqual({
      sampleRate: 24_000,
      audioMs: 1_500,
      generationMs: 120,
      engine: "kokoro",
      modelVersion: "kokoro-82m-v1.0-q8-abc",
      requestId: "r1",
    });
  });

  it("rejects a response from an unknown engine", () => {
    const headers = new Headers({ "x-tts-sample-rate": "24000", "x-tts-audio-ms": "1", "x-tts-generation-ms": "1", "x-tts-engine": "piper", "x-tts-model-version": "v", "x-request-id": "r" });
    expect(() => parseRenderResponseHeaders(headers)).toThrow();
  });
});

describe("OpenAI speech schema", () => {
  it("defaults to mp3 at speed 1, keeps instructions and ignores unknown OpenAI fields", () => {
    expect(openAiSpeechRequestSchema.parse({ model: "tts-1", input: "Hi", voice: "af_heart", instructions: "calm", user: "u1" })).toEqual({
      model: "tts-1",
      input: "Hi",
      voice: "af_heart",
      response_format: "mp3",
      speed: 1,
      instructions: "calm",
    });
  });
});
