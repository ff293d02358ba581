/**
 * `npm run model:download`: makes TTS_MODEL_DIR (default .models/kokoro) hold a verified Kokoro-82M v1.0
 * export, from the cache or the first source of TTS_MODEL_SOURCES that works (model-sources.ts), using the
 * same code as the `auto` engine. Says which source it used and why the others failed; exits 1 with the
 * reasons when none worked.
 */
import { EnvError, parseWorkerEnv } from "./env";
import { checkModelDir } from "./model-files";
import { ensureConfiguredModel } from "./model-sources";

try {
  const env = parseWorkerEnv();
  const started = Date.now();
  process.stderr.write(
    `Getting Kokoro-82M into ${env.TTS_MODEL_DIR}\n  sources in order: ${env.TTS_MODEL_SOURCES.join(", ")}; cache: ${env.TTS_MODEL_CACHE_DIR ?? "off"}\n`,
  );
  const result = await ensureConfiguredModel(env, (line) => process.stderr.write(`  ${line}\n`));
  const check = await checkModelDir(env.TTS_MODEL_DIR, env.TTS_DTYPE);
  if (!check.ok) throw new Error(`the model directory is not usable: ${check.problems.join("; ")}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const from =
    result.from === "model-dir" ? "already in place" : result.from === "cache" ? `copied from the cache ${env.TTS_MODEL_CACHE_DIR}` : `downloaded from the ${result.from}`;
  for (const failure of result.failures) process.stderr.write(`  (${failure.source} did not work: ${failure.reason})\n`);
  process.stderr.write(`Kokoro model ready (${check.layout.kind}, ${from}) in ${seconds} s: ${check.layout.modelFile}\n`);
} catch (error) {
  const message = error instanceof EnvError ? error.message : `model download failed: ${(error as Error).message}`;
  process.stderr.write(`\n${message}\nHub downloads keep partial files as *.part and resume on the next run.\n`);
  process.exit(1);
}
