import { describe, expect, it } from "vitest";
import { canonicalVoice, openAiSpeechRequestSchema, parseVoiceMix, renderRequestSchema } from "@/lib/protocol/tts";
import { computeSegmentKey } from "@/lib/renders/keys";

describe("voice mixes", () => {
  it("parses weights (default 1) into shares that sum to 1, merging a voice named twice", () => {
    expect(parseVoiceMix("af_heart(2)+af_bella(1)")).toEqual({
      ok: true,
      parts: [
        { voice: "af_bella", weight: 1 / 3 },
        { voice: "af_heart", weight: 2 / 3 },
      ],
    });
    expect(parseVoiceMix("af_heart + af_bella")).toMatchObject({ ok: true, parts: [{ weight: 0.5 }, { weight: 0.5 }] });
    expect(parseVoiceMix("af_heart(1)+af_bella(1)+af_heart(2)")).toMatchObject({
      ok: true,
      parts: [{ voice: "af_bella", weight: 0.25 }, { voice: "af_heart", weight: 0.75 }],
    });
  });

  it("spells equal mixes one way, so they share segment keys; a plain id stays as it is", () => {
    expect(canonicalVoice("af_heart(2)+af_bella(1)")).toBe("af_bella(0.3333)+af_heart(0.6667)");
    expect(canonicalVoice("af_bella(1)+af_heart(2)")).toBe(canonicalVoice("af_heart(4)+af_bella(2)"));
    expect(canonicalVoice("af_heart")).toBe("af_heart");
    expect(canonicalVoice("af_heart(3)")).toBe("af_heart");
    const key = (voice: string) => computeSegmentKey({ text: "Hi.", voice, speed: 1, engine: "kokoro", modelVersion: "v" });
    expect(key("af_heart(2)+af_bella(1)")).toBe(key("af_bella(1)+af_heart(2)"));
    expect(key("af_heart(2)+af_bella(1)")).not.toBe(key("af_heart(1)+af_bella(1)"));
    expect(key("af_heart(2)+af_bella(1)")).not.toBe(key("af_heart"));
  });

  it.each([
    ["af_heart(0)+af_bella(1)", "above 0"],
    ["af_heart()+af_bella", "voice must be a voice id"],
    ["af_heart(-1)", "voice must be a voice id"],
    ["af heart", "voice must be a voice id"],
    ["af_heart++af_bella", "voice must be a voice id"],
    ["a+b+c+d+e+f", "at most 5 voices"],
  ])("refuses %s with a message that says why", (voice, message) => {
    const result = renderRequestSchema.safeParse({ text: "Hi.", voice });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain(message);
    expect(openAiSpeechRequestSchema.safeParse({ model: "kokoro", input: "Hi.", voice }).success).toBe(false);
  });
});
