/**
 * Kokoro-82M in a model thread: kokoro-js phonemizes the text and holds the voices, and we run the ONNX file
 * ourselves with onnxruntime-node. Loaded from a local file only; no Python and no rewritten copy of the
 * weights.
 *
 * Running the session ourselves (instead of transformers.js's StyleTextToSpeech2Model) is what lets one engine
 * serve both exports of the model (see model-files.ts): the token input and audio output are found by the
 * names the file itself declares (`input_ids` or `tokens`; `waveform` or `audio`). It also lets us set
 * onnxruntime's session options (intra-op threads, so threads × intra-op threads fit the cores).
 *
 * Voices come from the .bin files bundled in the kokoro-js package: under Node, kokoro-js reads
 * `voices/<id>.bin` next to its dist/ with fs and only fetches from the hub in browsers.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RawAudio, Tensor } from "@huggingface/transformers";
import { KokoroTTS } from "kokoro-js";
import * as ort from "onnxruntime-node";
import { languageOfVoice, LIMITS, parseVoiceMix, type VoiceMixPart } from "../../../lib/protocol/tts";
import { KOKORO_BOUNDARY_ID, KOKORO_VOCAB } from "../kokoro-vocab";
import { phonemizeWithEspeak } from "../phonemize-es";
import { KOKORO_VOICES } from "../voices";
import { ChunkTooLongError, type SpeechEngine } from "./types";

const SAMPLE_RATE = 24_000;

export type KokoroOptions = {
  /** The ONNX file (either export). */
  modelFile: string;
  /** Where tokenizer.json is looked for; without one, Kokoro's own vocabulary is used. */
  modelDir: string;
  intraOpThreads: number;
  modelVersion: string;
  /** Extra onnxruntime session options over the defaults below (the benchmark's tuning runs try some). */
  sessionOptions?: ort.InferenceSession.SessionOptions;
};

// The directory kokoro-js reads its voices from: `${dist}/../voices/<id>.bin`.
const VOICES_DIR = path.join(path.dirname(fileURLToPath(import.meta.resolve("kokoro-js"))), "..", "voices");
/** kokoro-js's style vector length; a voice file holds one vector per input length (0 to 509 tokens). */
const STYLE_DIM = 256;

async function listBundledVoices(): Promise<string[]> {
  const files = await readdir(VOICES_DIR);
  const available = new Set(files.filter((f) => f.endsWith(".bin")).map((f) => f.slice(0, -4)));
  return KOKORO_VOICES.map((v) => v.id).filter((id) => available.has(id));
}

/** The names one export gives its inputs and output. */
export type KokoroInterface = { tokens: "input_ids" | "tokens"; audio: "waveform" | "audio" };

/** Reads which export a session is from its declared names; a file with neither shape is refused by name. */
export function detectInterface(inputNames: readonly string[], outputNames: readonly string[]): KokoroInterface {
  const tokens = inputNames.includes("input_ids") ? "input_ids" : inputNames.includes("tokens") ? "tokens" : null;
  const audio = outputNames.includes("waveform") ? "waveform" : outputNames.includes("audio") ? "audio" : null;
  const missing = [
    ...(tokens ? [] : ["a token input (input_ids or tokens)"]),
    ...(inputNames.includes("style") ? [] : ["a style input"]),
    ...(inputNames.includes("speed") ? [] : ["a speed input"]),
    ...(audio ? [] : ["an audio output (waveform or audio)"]),
  ];
  if (missing.length > 0) {
    throw new Error(
      `this ONNX file is not a Kokoro export: it lacks ${missing.join(", ")} ` +
        `(inputs: ${inputNames.join(", ") || "none"}; outputs: ${outputNames.join(", ") || "none"})`,
    );
  }
  return { tokens: tokens!, audio: audio! };
}

/** symbol -> id from the directory's tokenizer.json (WordLevel model), or Kokoro's own vocabulary. */
async function loadVocab(modelDir: string): Promise<ReadonlyMap<string, number>> {
  const text = await readFile(path.join(modelDir, "tokenizer.json"), "utf8").catch(() => null);
  if (text === null) return KOKORO_VOCAB;
  const vocab = (JSON.parse(text) as { model?: { vocab?: Record<string, number> } }).model?.vocab;
  if (!vocab) throw new Error(`${path.join(modelDir, "tokenizer.json")} has no model.vocab`);
  return new Map(Object.entries(vocab));
}

/**
 * Kokoro's tokenizer: one id per phoneme symbol, symbols outside the vocabulary dropped (as the onnx-community
 * tokenizer's normalizer does), the boundary id on both ends. Never truncates: kokoro-js asks for truncation
 * and would cut anything past 510 tokens without a word, so a longer chunk throws and the caller splits it.
 */
function kokoroTokenizer(vocab: ReadonlyMap<string, number>) {
  const maxIds = LIMITS.maxModelTokens + 2;
  return (phonemes: string) => {
    const ids: bigint[] = [BigInt(KOKORO_BOUNDARY_ID)];
    for (const symbol of phonemes) {
      const id = vocab.get(symbol);
      if (id !== undefined) ids.push(BigInt(id));
    }
    ids.push(BigInt(KOKORO_BOUNDARY_ID));
    if (ids.length > maxIds) throw new ChunkTooLongError(ids.length - 2);
    return { input_ids: new Tensor("int64", BigInt64Array.from(ids), [1, ids.length]) };
  };
}

export async function loadKokoro(options: KokoroOptions): Promise<SpeechEngine> {
  const [session, vocab, voices] = await Promise.all([
    ort.InferenceSession.create(options.modelFile, {
      intraOpNumThreads: options.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: "sequential",
      graphOptimizationLevel: "all",
      ...options.sessionOptions,
    }),
    loadVocab(options.modelDir),
    listBundledVoices(),
  ]);
  const names = detectInterface(session.inputNames, session.outputNames);

  /** What kokoro-js calls as its model: `{input_ids, style, speed}` -> `{waveform}`, whatever the file names. */
  const model = async (inputs: { input_ids: Tensor; style: Tensor; speed: Tensor }) => {
    const feeds: Record<string, ort.Tensor> = {
      [names.tokens]: new ort.Tensor("int64", inputs.input_ids.data as BigInt64Array, inputs.input_ids.dims),
      style: new ort.Tensor("float32", inputs.style.data as Float32Array, inputs.style.dims),
      speed: new ort.Tensor("float32", inputs.speed.data as Float32Array, inputs.speed.dims),
    };
    const out = await session.run(feeds, [names.audio]);
    const audio = out[names.audio]!;
    return { waveform: new Tensor("float32", audio.data as Float32Array, audio.dims as number[]) };
  };
  const tts = new MixingKokoroTTS(model as unknown as ConstructorParameters<typeof KokoroTTS>[0], kokoroTokenizer(vocab) as unknown as ConstructorParameters<typeof KokoroTTS>[1]);

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
      await session.release();
    },
  };
}

/**
 * kokoro-js that also speaks voice mixes ("af_heart(2)+af_bella(1)"): the style vector is the weighted sum of
 * each voice's vector for this input length, and the text is phonemized in the accent of the heaviest voice.
 * Plain English voice ids go through kokoro-js unchanged. A voice whose language is phonemized by eSpeak NG
 * (Spanish: VOICE_LANGUAGES) skips kokoro-js's English phonemizer and its English-only voice check: its
 * phonemes come from eSpeak NG and its style vector from its file, as for a mix.
 */
class MixingKokoroTTS extends KokoroTTS {
  private readonly voiceFiles = new Map<string, Promise<Float32Array>>();

  override async generate(text: string, options: { voice?: string; speed?: number } = {}): Promise<RawAudio> {
    const language = languageOfVoice(options.voice ?? "af_heart");
    if (language?.phonemizer !== "espeak-ng") return super.generate(text, options as Parameters<KokoroTTS["generate"]>[1]);
    const phonemes = await phonemizeWithEspeak(text, language.espeakVoice);
    const { input_ids } = (this.tokenizer as unknown as (phonemes: string) => { input_ids: Tensor })(phonemes);
    return this.generate_from_ids(input_ids, options);
  }

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
