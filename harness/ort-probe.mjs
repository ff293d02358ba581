// Times the Kokoro ONNX file on one onnxruntime-node installation, in a process of its own so two versions
// never share one: argv = path to the onnxruntime-node package, model file, token ids (JSON), voice file, runs.
// Prints {version, runsMs, audioSeconds} as JSON. Used by bench/scenarios/onnxruntime-step.ts.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [ortDir, modelFile, idsJson, voiceFile, runsText] = process.argv.slice(2);
// Loaded by path, so the version under test is the one in ortDir, not this project's.
const load = createRequire(import.meta.url);
const ort = load(ortDir);
const version = JSON.parse(fs.readFileSync(path.join(ortDir, "package.json"), "utf8")).version;
{
  const session = await ort.InferenceSession.create(modelFile, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all" });
  const ids = JSON.parse(idsJson);
  const tokensName = session.inputNames.includes("input_ids") ? "input_ids" : "tokens";
  const audioName = session.outputNames.includes("waveform") ? "waveform" : "audio";
  const voice = new Float32Array(fs.readFileSync(voiceFile).buffer.slice(0));
  const offset = 256 * Math.min(ids.length - 2, 509);
  const feeds = () => ({
    [tokensName]: new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    style: new ort.Tensor("float32", voice.slice(offset, offset + 256), [1, 256]),
    speed: new ort.Tensor("float32", Float32Array.from([1]), [1]),
  });
  await session.run(feeds()); // warm-up
  const runsMs = [];
  let samples = 0;
  for (let i = 0; i < Number(runsText); i++) {
    const started = performance.now();
    const out = await session.run(feeds());
    runsMs.push(performance.now() - started);
    samples = out[audioName].data.length;
  }
  process.stdout.write(JSON.stringify({ version, runsMs, audioSeconds: samples / 24000 }));
}
