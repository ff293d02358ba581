/**
 * `npm run bench -- onnxruntime`: the same Kokoro ONNX file, token ids, style vector and one thread, on the
 * onnxruntime-node this project installs and on 1.30.0 (the version it pinned before), installed for this
 * run under bench/.work (npm, no install scripts). Each version runs in a process of its own, alternating,
 * and keeps its fastest run; the ratio is old ÷ new.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkModelDir } from "../../workers/tts/model-files";
import { KOKORO_VOCAB } from "../../workers/tts/kokoro-vocab";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PROBE = path.join(ROOT, "harness/ort-probe.mjs");
const OLD_VERSION = "1.30.0";
/** "Hi Maria, your appointment with Doctor Patel is on Tuesday, March third at two thirty PM." */
const PHONEMES = "hˈaɪ məɹˈiə, jʊɹ əpˈɔɪntmənt wɪð dˈɑktəɹ pˈæɾəl ɪz ɑn tˈuzdeɪ, mˈɑɹʧ θˈɜɹd æt tˈu θˈɜɹɾi pˌiˈɛm.";

function probe(ortDir: string, modelFile: string, ids: number[], voiceFile: string, runs: number) {
  return new Promise<{ version: string; runsMs: number[]; audioSeconds: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [PROBE, ortDir, modelFile, JSON.stringify(ids), voiceFile, String(runs)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.once("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`ort probe exited with ${code}: ${err.slice(-2000)}`))));
  });
}

export async function benchOnnxruntimeStep(modelDir: string, log: (line: string) => void, rounds = 3, runs = 2) {
  const check = await checkModelDir(modelDir, "q8");
  if (!check.ok) throw new Error(`needs the real weights: ${check.problems.join("; ")}`);
  const require = createRequire(import.meta.url);
  const currentDir = path.dirname(require.resolve("onnxruntime-node/package.json"));
  const oldPrefix = path.join(ROOT, "bench/.work", `onnxruntime-node-${OLD_VERSION}`);
  const oldDir = path.join(oldPrefix, "node_modules/onnxruntime-node");
  if (!existsSync(path.join(oldDir, "package.json"))) {
    log(`onnxruntime: installing onnxruntime-node@${OLD_VERSION} into ${oldPrefix} (no install scripts)…`);
    execFileSync("npm", ["install", "--prefix", oldPrefix, "--no-save", "--ignore-scripts", "--no-audit", "--no-fund", `onnxruntime-node@${OLD_VERSION}`], { stdio: "ignore" });
  }
  // The same input for both versions: the probe sentence's phonemes (US English, as the phonemizer writes
  // them) in Kokoro's vocabulary, between boundary tokens.
  const ids = [0, ...Array.from(PHONEMES, (symbol) => KOKORO_VOCAB.get(symbol)).filter((id): id is number => id !== undefined), 0];
  const voiceFile = path.join(path.dirname(require.resolve("kokoro-js")), "..", "voices", "af_heart.bin");
  const best: Record<string, number> = {};
  let audioSeconds = 0;
  for (let round = 0; round < rounds; round++) {
    for (const dir of round % 2 === 0 ? [oldDir, currentDir] : [currentDir, oldDir]) {
      const result = await probe(dir, check.layout.modelFile, ids, voiceFile, runs);
      best[result.version] = Math.min(best[result.version] ?? Infinity, ...result.runsMs);
      audioSeconds = result.audioSeconds;
      log(`onnxruntime: ${result.version} ${result.runsMs.map((ms) => Math.round(ms)).join(", ")} ms`);
    }
  }
  const current = (require("onnxruntime-node/package.json") as { version: string }).version;
  return {
    modelFile: path.basename(check.layout.modelFile),
    tokens: ids.length,
    audioSeconds: Number(audioSeconds.toFixed(2)),
    old: { version: OLD_VERSION, bestMs: Math.round(best[OLD_VERSION]!) },
    current: { version: current, bestMs: Math.round(best[current]!) },
    ratio: Number((best[OLD_VERSION]! / best[current]!).toFixed(2)),
  };
}
