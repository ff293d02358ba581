/**
 * The two layouts of Kokoro-82M v1.0 the worker loads from a model directory, and the checks that say which
 * file is missing or broken:
 *
 * - the onnx-community export (onnx-community/Kokoro-82M-v1.0-ONNX): config.json, tokenizer.json,
 *   tokenizer_config.json and onnx/model<dtype suffix>.onnx, inputs `input_ids`/`style`/`speed` -> `waveform`;
 * - the int8 export `kokoro-v1.0.int8.onnx` (what the package registry carries, see model-sources.ts), inputs
 *   `tokens`/`style`/`speed` -> `audio`, no tokenizer files (the ids are Kokoro's own vocabulary).
 *
 * Which interface a file has is read from the file itself when it is loaded (engines/kokoro.ts); the layout
 * only says where the file is. When both are present the onnx-community file for TTS_DTYPE wins, since the
 * operator chose that dtype.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Dtype } from "./env";

const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** The int8 export's file name, at the top of the model directory. */
export const INT8_EXPORT_FILE = "kokoro-v1.0.int8.onnx";

/** Path of the ONNX file transformers.js opens for `dtype`, relative to the model directory. */
export function modelFileFor(dtype: Dtype): string {
  return `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** The onnx-community layout's files for `dtype` (what the hub download fetches). */
export function requiredModelFiles(dtype: Dtype): string[] {
  return ["config.json", "tokenizer.json", "tokenizer_config.json", modelFileFor(dtype)];
}

export type KokoroLayout =
  | { kind: "onnx-community"; dtype: Dtype; modelFile: string }
  | { kind: "int8-export"; modelFile: string };

export type ModelDirCheck = { ok: true; layout: KokoroLayout } | { ok: false; problems: string[] };

async function checkFile(full: string, label: string): Promise<string | null> {
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) return `missing ${label}`;
  if (info.size === 0) return `${label} is empty`;
  return null;
}

async function checkOnnxCommunity(dir: string, dtype: Dtype): Promise<string[]> {
  const problems: string[] = [];
  for (const file of requiredModelFiles(dtype)) {
    const full = path.join(dir, file);
    const problem = await checkFile(full, file);
    if (problem) {
      problems.push(problem);
      continue;
    }
    if (file.endsWith(".json")) {
      try {
        const json = JSON.parse(await readFile(full, "utf8")) as Record<string, unknown>;
        if (file === "config.json" && json.model_type !== "style_text_to_speech_2") {
          problems.push(`config.json has model_type ${JSON.stringify(json.model_type)}, expected "style_text_to_speech_2"`);
        }
      } catch {
        problems.push(`${file} is not valid JSON`);
      }
    }
  }
  return problems;
}

/**
 * Finds a usable export in `dir`: the onnx-community files for `dtype`, else the int8 export. Reports the
 * problems of both when neither is complete, each with its file name.
 */
export async function checkModelDir(dir: string, dtype: Dtype): Promise<ModelDirCheck> {
  const community = await checkOnnxCommunity(dir, dtype);
  if (community.length === 0) return { ok: true, layout: { kind: "onnx-community", dtype, modelFile: path.join(dir, modelFileFor(dtype)) } };
  const int8 = await checkFile(path.join(dir, INT8_EXPORT_FILE), INT8_EXPORT_FILE);
  if (!int8) return { ok: true, layout: { kind: "int8-export", modelFile: path.join(dir, INT8_EXPORT_FILE) } };
  return { ok: false, problems: [...community, int8 === `missing ${INT8_EXPORT_FILE}` ? `no ${INT8_EXPORT_FILE} either` : int8] };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * e.g. "kokoro-82m-v1.0-q8-1a2b3c4d5e6f" (onnx-community, q8) or "kokoro-82m-v1.0-int8export-6e742170d309"
 * (the int8 export); changes whenever the weights change, so dedupe keys do too.
 */
export async function kokoroModelVersion(layout: KokoroLayout): Promise<string> {
  const sha = await sha256File(layout.modelFile);
  const flavour = layout.kind === "onnx-community" ? layout.dtype : "int8export";
  return `kokoro-82m-v1.0-${flavour}-${sha.slice(0, 12)}`;
}
