import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseWorkerEnv } from "@/workers/tts/env";
import { StartupError } from "@/workers/tts/errors";
import { readTlsFiles } from "@/workers/tts/tls";

describe("worker TLS settings", () => {
  it("needs the certificate and the key together, and says which one is missing", () => {
    expect(() => parseWorkerEnv({ TTS_TLS_CERT: "/etc/voice-tts/cert.pem" })).toThrow(EnvError);
    expect(() => parseWorkerEnv({ TTS_TLS_CERT: "/etc/voice-tts/cert.pem" })).toThrow(/TTS_TLS_KEY is missing.*Fix: set TTS_TLS_CERT and TTS_TLS_KEY/s);
    expect(() => parseWorkerEnv({ TTS_TLS_KEY: "/etc/voice-tts/key.pem" })).toThrow(/TTS_TLS_CERT is missing/);
    expect(readTlsFiles(parseWorkerEnv({}))).toBeUndefined();
  });

  it("reads both files, and names the variable and the path of one it cannot read", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-tls-"));
    try {
      fs.writeFileSync(path.join(dir, "cert.pem"), "CERT");
      fs.writeFileSync(path.join(dir, "key.pem"), "KEY");
      const files = readTlsFiles({ TTS_TLS_CERT: path.join(dir, "cert.pem"), TTS_TLS_KEY: path.join(dir, "key.pem") });
      expect(files?.cert.toString()).toBe("CERT");
      expect(files?.key.toString()).toBe("KEY");
      const missing = path.join(dir, "nope.pem");
      expect(() => readTlsFiles({ TTS_TLS_CERT: path.join(dir, "cert.pem"), TTS_TLS_KEY: missing })).toThrow(StartupError);
      expect(() => readTlsFiles({ TTS_TLS_CERT: path.join(dir, "cert.pem"), TTS_TLS_KEY: missing })).toThrow(`TTS_TLS_KEY=${missing} cannot be read (ENOENT)`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
