import { describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/protocol/tts";
import type { SpeechEngine } from "@/workers/tts/engines/types";
import { ClientClosedError, TtsError } from "@/workers/tts/errors";
import { synthesize } from "@/workers/tts/synthesize";

/** An engine that returns `secondsPerChunk` of silence per chunk and records what it was asked to say. */
function fakeEngine(secondsPerChunk = 0.1): SpeechEngine & { said: string[] } {
  const said: string[] = [];
  return {
    engine: "kokoro",
    sampleRate: 1_000,
    modelVersion: "test",
    voices: ["af_heart"],
    said,
    async synthesizeChunk(text) {
      said.push(text);
      return new Float32Array(Math.round(secondsPerChunk * 1_000));
    },
    async dispose() {},
  };
}

const request = (text: string) => ({ text, voice: "af_heart", speed: 1, format: "pcm" as const });

async function failure(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error("expected the render to fail");
}

describe("synthesize bounds the work of one request", () => {
  it("refuses text that splits into more pieces than the limit before running the model once", async () => {
    const engine = fakeEngine();
    const error = await failure(synthesize(engine, request("@a\n".repeat(6_000))));
    expect(error).toBeInstanceOf(TtsError);
    expect((error as TtsError).code).toBe("too_many_pieces");
    expect((error as TtsError).message).toContain(`${LIMITS.maxTextPieces}`);
    expect(engine.said).toHaveLength(0);
  });

  it("renders text at the piece limit", async () => {
    const engine = fakeEngine(0.01);
    const out = await synthesize(engine, request("Hi.\n".repeat(LIMITS.maxTextPieces)));
    expect(out.chunks).toBe(LIMITS.maxTextPieces);
  });

  it("stops with audio_too_long as soon as the audio passes the limit", async () => {
    const engine = fakeEngine(1);
    const error = await failure(synthesize(engine, request("One.\nTwo.\nThree.\nFour.\nFive."), { maxAudioSeconds: 2 }));
    expect((error as TtsError).code).toBe("audio_too_long");
    // 1 s + 0.3 s pause per sentence: the second sentence passes 2 s, the other three are never rendered.
    expect(engine.said).toEqual(["One.", "Two."]);
  });

  it("stops before the next piece once cancelled, and says how many pieces it dropped", async () => {
    const engine = fakeEngine();
    const error = await failure(
      synthesize(engine, request("One.\nTwo.\nThree.\nFour.\nFive."), { isCancelled: () => engine.said.length >= 2 }),
    );
    expect(error).toBeInstanceOf(ClientClosedError);
    expect(error).toMatchObject({ stage: "running", piecesDropped: 3 });
    expect(engine.said).toEqual(["One.", "Two."]);
  });
});
