import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseWorkerEnv } from "@/workers/tts/env";

describe("parseWorkerEnv", () => {
  it("applies the documented defaults with an absolute model directory", () => {
    const env = parseWorkerEnv({});
    expect(env).toMatchObject({ TTS_HOST: "127.0.0.1", TTS_PORT: 8787, TTS_ENGINE: "auto", TTS_DTYPE: "q8", TTS_MODEL_DOWNLOAD: true });
    expect(path.isAbsolute(env.TTS_MODEL_DIR)).toBe(true);
    expect(env.TTS_MODEL_DIR.endsWith(path.join(".models", "kokoro"))).toBe(true);
    expect(env.TTS_THREADS * env.TTS_INTRA_OP_THREADS).toBeLessThanOrEqual(os.availableParallelism());
    expect(env.TTS_MAX_IN_FLIGHT).toBe(env.TTS_THREADS);
  });

  it("resolves a relative TTS_MODEL_DIR and reads TTS_MODEL_DOWNLOAD=0", () => {
    const env = parseWorkerEnv({ TTS_MODEL_DIR: "some/dir", TTS_MODEL_DOWNLOAD: "0" });
    expect(env.TTS_MODEL_DIR).toBe(path.resolve("some/dir"));
    expect(env.TTS_MODEL_DOWNLOAD).toBe(false);
  });

  it("names every bad variable and its fix", () => {
    expect(() => parseWorkerEnv({ TTS_DTYPE: "q3", TTS_MAX_QUEUE: "-1" })).toThrow(EnvError);
    try {
      parseWorkerEnv({ TTS_DTYPE: "q3", TTS_MAX_QUEUE: "-1" });
    } catch (error) {
      expect((error as Error).message).toContain('TTS_DTYPE="q3"');
      expect((error as Error).message).toContain("Fix: use one of fp32");
      expect((error as Error).message).toContain('TTS_MAX_QUEUE="-1"');
    }
  });

  it("refuses more model threads × intra-op threads than cores", () => {
    const cores = os.availableParallelism();
    expect(() => parseWorkerEnv({ TTS_THREADS: String(cores), TTS_INTRA_OP_THREADS: "2" })).toThrow(/exceeds the \d+ cores/);
  });

  it("refuses to start without TTS_WORKER_TOKEN unless it listens on loopback only", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "worker.internal", "127.0.0.1.example.com"]) {
      expect(() => parseWorkerEnv({ TTS_HOST: host }), host).toThrow(/TTS_WORKER_TOKEN is not set.*Fix: set TTS_WORKER_TOKEN/s);
      expect(parseWorkerEnv({ TTS_HOST: host, TTS_WORKER_TOKEN: "x".repeat(16) }).TTS_HOST).toBe(host);
    }
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) {
      expect(parseWorkerEnv({ TTS_HOST: host }).TTS_WORKER_TOKEN, host).toBeUndefined();
    }
  });
});
