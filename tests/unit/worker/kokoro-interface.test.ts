import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectInterface } from "@/workers/tts/engines/kokoro";
import { KOKORO_VOCAB } from "@/workers/tts/kokoro-vocab";

describe("the Kokoro export a file holds, read from its names", () => {
  it("knows the onnx-community export and the int8 export", () => {
    expect(detectInterface(["input_ids", "style", "speed"], ["waveform"])).toEqual({ tokens: "input_ids", audio: "waveform" });
    expect(detectInterface(["tokens", "style", "speed"], ["audio"])).toEqual({ tokens: "tokens", audio: "audio" });
  });

  it("refuses any other model and says what it lacks", () => {
    expect(() => detectInterface(["pixel_values"], ["logits"])).toThrow(
      "this ONNX file is not a Kokoro export: it lacks a token input (input_ids or tokens), a style input, a speed input, an audio output (waveform or audio) (inputs: pixel_values; outputs: logits)",
    );
  });

  it("tokenizes with Kokoro's own 114-symbol vocabulary, ids 1 to 177", () => {
    expect(KOKORO_VOCAB.size).toBe(114);
    expect(Math.min(...KOKORO_VOCAB.values())).toBe(1);
    expect(Math.max(...KOKORO_VOCAB.values())).toBe(177);
    // Symbols the English phonemizer emits for "Maria": m, ə, ɹ, ˈ, i
    for (const symbol of ["m", "ə", "ɹ", "ˈ", "i", "ɾ", "ʤ"]) expect(KOKORO_VOCAB.has(symbol), symbol).toBe(true);
  });
});

describe("onnxruntime-node", () => {
  // Two copies (ours and the one @huggingface/transformers asks for) once aborted the process when two model
  // threads ran at once; the override keeps exactly one, at the version measured fastest on the real weights.
  it("is one copy, 1.31.1 or newer, shared with transformers.js", () => {
    const require = createRequire(import.meta.url);
    const ours = require.resolve("onnxruntime-node/package.json");
    const fromTransformers = createRequire(require.resolve("@huggingface/transformers")).resolve("onnxruntime-node/package.json");
    expect(path.dirname(fromTransformers)).toBe(path.dirname(ours));
    const [major, minor, patch] = (require(ours) as { version: string }).version.split(".").map(Number) as [number, number, number];
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_031_001);
  });
});
