import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "../../..");

/** Runs a worker script with only the given TTS_* variables and returns its exit code, stderr and duration. */
function run(script: string, env: Record<string, string>, timeoutMs = 30_000) {
  // The hub only, and no user-level cache: these tests are about what happens when the hub fails.
  const clean: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TTS_"))),
    TTS_MODEL_SOURCES: "hub",
    TTS_MODEL_CACHE_DIR: "off",
  };
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(REPO, script)], {
      env: { ...clean, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

/** A loopback port that accepts connections and never answers: a server that hangs. */
async function silentServer(): Promise<{ url: string; close: () => void }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/repo/resolve/main`, close: () => (sockets.forEach((s) => s.destroy()), server.close()) };
}

describe("model:download", () => {
  it("fails fast and clearly when the model host cannot be reached", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-download-"));
    // Port 1 on loopback is closed: the same failure as an offline machine, without depending on the outside.
    const result = await run("workers/tts/model-download-command.ts", { TTS_MODEL_DIR: dir, TTS_MODEL_URL: "http://127.0.0.1:1/resolve/main" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("model download failed");
    expect(result.stderr).toContain("could not reach http://127.0.0.1:1");
    expect(result.ms).toBeLessThan(10_000);
  });

  it("gives up on a host that connects but never answers instead of hanging", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-download-"));
    const server = await silentServer();
    try {
      const result = await run(
        "workers/tts/model-download-command.ts",
        { TTS_MODEL_DIR: dir, TTS_MODEL_URL: server.url, TTS_DOWNLOAD_CONNECT_TIMEOUT_MS: "500" },
        60_000,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("model download failed");
    } finally {
      server.close();
    }
  }, 60_000);
});

describe("startup errors", () => {
  it("stops the strict kokoro engine with a message naming the directory and the missing file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-broken-model-"));
    writeFileSync(path.join(dir, "config.json"), JSON.stringify({ model_type: "style_text_to_speech_2" }));
    writeFileSync(path.join(dir, "tokenizer.json"), "{}");
    writeFileSync(path.join(dir, "tokenizer_config.json"), "{}");
    const result = await run("workers/tts/main.ts", { TTS_ENGINE: "kokoro", TTS_MODEL_DIR: dir, TTS_PORT: "0" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(dir);
    expect(result.stderr).toContain("missing onnx/model_quantized.onnx");
    expect(result.stderr).toContain("npm run model:download");
  });

  it("stops the kokoro engine when the model file is not a loadable ONNX model", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tts-corrupt-model-"));
    mkdirSync(path.join(dir, "onnx"));
    writeFileSync(path.join(dir, "config.json"), JSON.stringify({ model_type: "style_text_to_speech_2" }));
    writeFileSync(path.join(dir, "tokenizer.json"), "{}");
    writeFileSync(path.join(dir, "tokenizer_config.json"), "{}");
    writeFileSync(path.join(dir, "onnx/model_quantized.onnx"), "not a model");
    const result = await run("workers/tts/main.ts", { TTS_ENGINE: "kokoro", TTS_MODEL_DIR: dir, TTS_PORT: "0" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not load the kokoro engine from ${dir}`);
  });

  it("rejects a bad variable at boot, naming it and the fix", async () => {
    const result = await run("workers/tts/main.ts", { TTS_ENGINE: "festival", TTS_PORT: "eighty" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TTS_ENGINE="festival"');
    expect(result.stderr).toContain("Fix: use auto, kokoro, builtin or espeak");
    expect(result.stderr).toContain('TTS_PORT="eighty"');
  });
});
