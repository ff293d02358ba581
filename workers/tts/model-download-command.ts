/**
 * `npm run model:download`: fills TTS_MODEL_DIR (default .models/kokoro) with the Kokoro-82M v1.0 ONNX
 * export for TTS_DTYPE (q8 default), using the same code as the `auto` engine. Exits 1 with the reason.
 */
import { EnvError, parseWorkerEnv } from "./env";
import { checkModelDir } from "./model-files";
import { downloadConfiguredModel } from "./model-download";

try {
  const env = parseWorkerEnv();
  const started = Date.now();
  process.stderr.write(`Downloading Kokoro-82M (${env.TTS_DTYPE}) from ${env.TTS_MODEL_URL}\n  into ${env.TTS_MODEL_DIR}\n`);
  await downloadConfiguredModel(env);
  const check = await checkModelDir(env.TTS_MODEL_DIR, env.TTS_DTYPE);
  if (!check.ok) throw new Error(`the downloaded directory is not usable: ${check.problems.join("; ")}`);
  process.stderr.write(`Kokoro model ready in ${env.TTS_MODEL_DIR} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
} catch (error) {
  const message = error instanceof EnvError ? error.message : `model download failed: ${(error as Error).message}`;
  process.stderr.write(`\n${message}\nPartial files are kept as *.part and resumed on the next run.\n`);
  process.exit(1);
}
