import fs from "node:fs";
import { StartupError } from "./errors";
import type { WorkerEnv } from "./env";

/** The certificate and key files named by TTS_TLS_CERT / TTS_TLS_KEY, or undefined for plain HTTP. */
export function readTlsFiles(env: Pick<WorkerEnv, "TTS_TLS_CERT" | "TTS_TLS_KEY">): { cert: Buffer; key: Buffer } | undefined {
  if (!env.TTS_TLS_CERT || !env.TTS_TLS_KEY) return undefined;
  const read = (name: "TTS_TLS_CERT" | "TTS_TLS_KEY", file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new StartupError(`${name}=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: point it at a PEM file this user can read.`);
    }
  };
  return { cert: read("TTS_TLS_CERT", env.TTS_TLS_CERT), key: read("TTS_TLS_KEY", env.TTS_TLS_KEY) };
}
