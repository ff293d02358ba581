/**
 * Kokoro-82M through kokoro-js, loaded from a local directory only. Runs inside a model thread.
 *
 * We build the model and tokenizer ourselves instead of `KokoroTTS.from_pretrained` because that function
 * does not forward onnxruntime session options, and we need `intraOpNumThreads` so that threads × intra-op
 * threads fit the cores. Voices come from the .bin files bundled in the kokoro-js package: under Node,
 * kokoro-js reads `voices/<id>.bin` next to its dist/ with fs and only fetches from the hub in browsers.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AutoTokenizer, env as hfEnv, StyleTextToSpeech2Model } from "@huggingface/transformers";
import { KokoroTTS } from "kokoro-js";
import { LIMITS } from "../../../lib/protocol/tts";
import type { Dtype } from "../env";
import { KOKORO_VOICES } from "../voices";
import { ChunkTooLongError, type SpeechEngine } from "./types";

const SAMPLE_RATE = 24_000;

export type KokoroOptions = { modelDir: string; dtype: Dtype; intraOpThreads: number; modelVersion: string };

async function listBundledVoices(): Promise<string[]> {
  // The same directory kokoro-js reads: `${dist}/../voices/<id>.bin`.
  const dist = path.dirname(fileURLToPath(import.meta.resolve("kokoro-js")));
  const files = await readdir(path.join(dist, "..", "voices"));
  const available = new Set(files.filter((f) => f.endsWith(".bin")).map((f) => f.slice(0, -4)));
  return KOKORO_VOICES.map((v) => v.id).filter((id) => available.has(id));
}

export async function loadKokoro(options: KokoroOptions): Promise<SpeechEngine> {
  hfEnv.allowRemoteModels = false;
  hfEnv.allowLocalModels = true;
  const [model, tokenizer, voices] = await Promise.all([
    StyleTextToSpeech2Model.from_pretrained(options.modelDir, {
      dtype: options.dtype,
      device: "cpu",
      session_options: { intraOpNumThreads: options.intraOpThreads, interOpNumThreads: 1 },
    }),
    AutoTokenizer.from_pretrained(options.modelDir),
    listBundledVoices(),
  ]);

  // kokoro-js calls `tokenizer(phonemes, { truncation: true })` and so cuts anything past 510 tokens without a
  // word. We tokenize without truncation and throw instead, so the caller splits the chunk and nothing is lost.
  const maxIds = LIMITS.maxModelTokens + 2; // + the "$" boundary token on both ends
  const strictTokenizer = ((text: string, opts: Record<string, unknown> = {}) => {
    const encoded = tokenizer(text, { ...opts, truncation: false });
    const length = encoded.input_ids.dims.at(-1) ?? 0;
    if (length > maxIds) throw new ChunkTooLongError(length - 2);
    return encoded;
  }) as unknown as typeof tokenizer;
  const tts = new KokoroTTS(model, strictTokenizer);

  return {
    engine: "kokoro",
    sampleRate: SAMPLE_RATE,
    modelVersion: options.modelVersion,
    voices,
    async synthesizeChunk(text, voice, speed) {
      const audio = await tts.generate(text, { voice: voice as "af_heart", speed });
      return audio.audio;
    },
    async dispose() {
      await model.dispose();
    },
  };
}
