/**
 * The layout of the public Kokoro-82M ONNX export (onnx-community/Kokoro-82M-v1.0-ONNX) that kokoro-js
 * loads from a local directory, and the checks that say which file is missing or broken.
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

/** Path of the ONNX file transformers.js opens for `dtype`, relative to the model directory. */
export function modelFileFor(dtype: Dtype): string {
  return `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`;
}

export function requiredModelFiles(dtype: Dtype): string[] {
  return ["config.json", "tokenizer.json", "tokenizer_config.json", modelFileFor(dtype)];
}

export type ModelDirCheck = { ok: true } | { ok: false; problems: string[] };

/** Checks that every file exists and that the JSON files parse; reports each problem with its file name. */
export async function checkModelDir(dir: string, dtype: Dtype): Promise<ModelDirCheck> {
  const problems: string[] = [];
  for (const file of requiredModelFiles(dtype)) {
    const full = path.join(dir, file);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) {
      problems.push(`missing ${file}`);
      continue;
    }
    if (info.size === 0) {
      problems.push(`${file} is empty`);
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
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** e.g. "kokoro-82m-v1.0-q8-1a2b3c4d5e6f"; changes whenever the weights change, so dedupe keys do too. */
export async function kokoroModelVersion(dir: string, dtype: Dtype): Promise<string> {
  const sha = await sha256File(path.join(dir, modelFileFor(dtype)));
  return `kokoro-82m-v1.0-${dtype}-${sha.slice(0, 12)}`;
}
