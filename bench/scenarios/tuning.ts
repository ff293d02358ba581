/**
 * `npm run bench -- tuning`: onnxruntime session options on the real weights, one thread, the model called
 * directly in this process on the reference campaign's sentences. Each variant renders the same sentences;
 * variants alternate over rounds and each keeps its fastest round, so a busy moment hurts no one variant.
 */
import type { KokoroOptions } from "../../workers/tts/engines/kokoro";
import { loadKokoroDir } from "../model";
import { SENTENCES } from "./worker";

const VARIANTS: { name: string; options: KokoroOptions["sessionOptions"] }[] = [
  { name: "worker default (graph all, sequential, arena on)", options: {} },
  { name: "graph optimisation extended", options: { graphOptimizationLevel: "extended" } },
  { name: "cpu memory arena off", options: { enableCpuMemArena: false } },
  { name: "memory pattern off", options: { enableMemPattern: false } },
];

export async function benchTuning(modelDir: string, log: (line: string) => void, rounds = 2, renders = 8) {
  const engines = [];
  for (const v of VARIANTS) engines.push({ ...v, engine: await loadKokoroDir(modelDir, 1, "tuning", v.options) });
  const best = new Map<string, number>();
  try {
    for (const e of engines) await e.engine.synthesizeChunk(SENTENCES[0]!, "af_heart", 1);
    for (let round = 0; round < rounds; round++) {
      for (const e of round % 2 === 0 ? engines : [...engines].reverse()) {
        const started = performance.now();
        for (let i = 0; i < renders; i++) await e.engine.synthesizeChunk(SENTENCES[i % SENTENCES.length]!, "af_heart", 1);
        const ms = performance.now() - started;
        best.set(e.name, Math.min(best.get(e.name) ?? Infinity, ms));
        log(`tuning: ${e.name}: ${Math.round(ms)} ms for ${renders} renders`);
      }
    }
  } finally {
    for (const e of engines) await e.engine.dispose();
  }
  const base = best.get(VARIANTS[0]!.name)!;
  return { renders, variants: VARIANTS.map((v) => ({ name: v.name, bestMs: Math.round(best.get(v.name)!), speedup: Number((base / best.get(v.name)!).toFixed(3)) })) };
}
