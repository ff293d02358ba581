/**
 * Kokoro-82M through kokoro-js, loaded from a local directory only. Runs inside a model thread.
 *
 * We build the model and tokenizer ourselves instead of `KokoroTTS.from_pretrained` because that function
 * does not forward onnxruntime session options, and we need `intraOpNumThreads` so that threads × intra-op
 * threads fit the cores. Voices come from the .bin files bundled in the kokoro-js package: under Node,
 * kokoro-js reads `voices/<id>.bin` next to its dist/ with fs and only fetches from the hub in browsers.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AutoTokenizer, env as hfEnv, RawAudio, StyleTextToSpeech2Model, Tensor } from "@huggingface/transformers";
import { KokoroTTS } from "kokoro-js";
import { LIMITS, parseVoiceMix, type VoiceMixPart } from "../../../lib/protocol/tts";
import type { Dtype } from "../env";
import { KOKORO_VOICES } from "../voices";
import { ChunkTooLongError, type SpeechEngine } from "./types";

const SAMPLE_RATE = 24_000;

export type KokoroOptions = { modelDir: string; dtype: Dtype; intraOpThreads: number; modelVersion: string };

// The directory kokoro-js reads its voices from: `${dist}/../voices/<id>.bin`.
const VOICES_DIR = path.join(path.dirname(fileURLToPath(import.meta.resolve("kokoro-js"))), "..", "voices");
/** kokoro-js's style vector length; a voice file holds one vector per input length (0 to 509 tokens). */
const STYLE_DIM = 256;

async function listBundledVoices(): Promise<string[]> {
  const files = await readdir(VOICES_DIR);
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
  const tts = new MixingKokoroTTS(model, strictTokenizer);

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

/**
 * kokoro-js that also speaks voice mixes ("af_heart(2)+af_bella(1)"): the style vector is the weighted sum of
 * each voice's vector for this input length, and the text is phonemized in the accent of the heaviest voice.
 * Plain voice ids go through kokoro-js unchanged.
 */
class MixingKokoroTTS extends KokoroTTS {
  private readonly voiceFiles = new Map<string, Promise<Float32Array>>();

  override _validate_voice(voice: string): "a" | "b" {
    const parts = mixParts(voice);
    if (!parts) return super._validate_voice(voice);
    const heaviest = parts.reduce((a, b) => (b.weight > a.weight ? b : a));
    return super._validate_voice(heaviest.voice);
  }

  override async generate_from_ids(inputIds: Tensor, options: { voice?: string; speed?: number } = {}): Promise<RawAudio> {
    const parts = mixParts(options.voice ?? "");
    if (!parts) return super.generate_from_ids(inputIds, options as Parameters<KokoroTTS["generate_from_ids"]>[1]);
    const offset = STYLE_DIM * Math.min(Math.max((inputIds.dims.at(-1) ?? 2) - 2, 0), LIMITS.maxModelTokens - 1);
    const style = new Float32Array(STYLE_DIM);
    for (const part of parts) {
      const vectors = await this.voiceFile(part.voice);
      for (let i = 0; i < STYLE_DIM; i++) style[i]! += part.weight * vectors[offset + i]!;
    }
    const { waveform } = (await this.model({
      input_ids: inputIds,
      style: new Tensor("float32", style, [1, STYLE_DIM]),
      speed: new Tensor("float32", [options.speed ?? 1], [1]),
    })) as { waveform: Tensor };
    return new RawAudio(waveform.data as Float32Array, SAMPLE_RATE);
  }

  private voiceFile(voice: string): Promise<Float32Array> {
    let file = this.voiceFiles.get(voice);
    if (!file) {
      file = readFile(path.join(VOICES_DIR, `${voice}.bin`)).then((bytes) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
      this.voiceFiles.set(voice, file);
    }
    return file;
  }
}

/** The parts of a mix of two or more voices, or null for a plain voice id. */
function mixParts(voice: string): VoiceMixPart[] | null {
  const parsed = parseVoiceMix(voice);
  return parsed.ok && parsed.parts.length > 1 ? parsed.parts : null;
}
