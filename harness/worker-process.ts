/**
 * Starts a REAL TTS worker process (`node --import tsx workers/tts/main.ts`, the same as `tsx workers/tts/main.ts`
 * but in one process, so signals reach the worker itself) on a free loopback port, loaded with the generated
 * tiny Kokoro-interface model, and waits until /readyz answers 200.
 *
 * Used by the worker, dispatch and e2e tests and by the benchmarks (harness/ is what both share):
 *
 *   const worker = await startTestWorker();                     // kokoro engine, 2 threads × 1 intra-op
 *   await fetch(`${worker.url}/v1/render`, { method: "POST", headers: { authorization: `Bearer ${worker.token}`,
 *     "content-type": "application/json" }, body: JSON.stringify({ text: "Hi.", voice: "af_heart" }) });
 *   await worker.stop();                                        // SIGTERM; resolves with the exit code
 *
 * Every worker process (and its model threads) runs with harness/no-network-preload.mjs, which refuses
 * any non-loopback fetch/connect/DNS lookup and reports it: `worker.networkAttempts()` must stay empty.
 * Options let a test pick the engine, queue and thread sizes, the token (null = no auth), extra env, and a
 * slower tiny model (`model: { extraFlopsPerSample }`) to hold renders in flight.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Agent, request } from "undici";
import { readinessSchema, type Readiness } from "../lib/protocol/tts";
import { writeTinyModel, type TinyModelOptions } from "./tiny-model";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = path.join(REPO_ROOT, "workers/tts/main.ts");
const PRELOAD = pathToFileURL(path.join(REPO_ROOT, "harness/no-network-preload.mjs")).href;

export type TestWorkerOptions = {
  /** Default "kokoro" (strict, tiny model). "builtin" is the offline voice npm installs; "espeak" needs espeak-ng. */
  engine?: "kokoro" | "builtin" | "espeak" | "auto";
  /** Default 2 model threads × 1 intra-op thread (fits a 2-core machine). */
  threads?: number;
  intraOpThreads?: number;
  maxInFlight?: number;
  maxQueue?: number;
  drainTimeoutMs?: number;
  /** Bearer token; a random one by default; null runs the worker without auth. */
  token?: string | null;
  /** Tiny model options (e.g. `{ extraFlopsPerSample: 200_000 }` for slow renders). */
  model?: TinyModelOptions;
  /** Use this model directory instead of generating the tiny model. */
  modelDir?: string;
  /** Extra TTS_* variables, applied last. */
  env?: Record<string, string>;
  /** How long to wait for /readyz. Default 60 s. */
  readyTimeoutMs?: number;
  /** PEM certificate and key: the worker serves HTTPS (url is https://…); `ca` is what the test trusts. */
  tls?: { cert: string; key: string; ca: string };
  /** Start the worker under `nice -n <niceness>` (Linux), as an operator lowering or raising its priority would. */
  niceness?: number;
};

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

export type TestWorker = {
  /** e.g. http://127.0.0.1:43123 (no trailing slash); stays the same across restart(). */
  url: string;
  port: number;
  /** The bearer token, or null when auth is off. */
  token: string | null;
  /** `{ authorization: "Bearer …" }` or `{}`. */
  authHeaders: Record<string, string>;
  /** The /readyz body of the latest start. */
  readiness: Readiness;
  modelDir: string;
  /** Stdout JSON log lines so far (parsed). */
  logs(): Array<Record<string, unknown>>;
  stderr(): string;
  /** Non-loopback network attempts the preload blocked (should be empty). */
  networkAttempts(): string[];
  /** Resolves when the process exits (for tests that send signals themselves). */
  exited(): Promise<ExitInfo>;
  pid(): number;
  /** SIGTERM and wait for exit (graceful drain). */
  stop(): Promise<ExitInfo>;
  /** SIGKILL at once (crash simulation). */
  kill(): void;
  /** Stop (if running) and start again on the same port with the same options. */
  restart(): Promise<void>;
};

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Writes (once per options, shared by parallel test files) the tiny model and returns its directory. */
export async function prepareTinyModelDir(options: TinyModelOptions = {}): Promise<string> {
  const key = createHash("sha256").update(JSON.stringify(options)).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `tts-tiny-model-${key}`);
  const marker = options.layout === "int8-export" ? "kokoro-v1.0.int8.onnx" : "config.json";
  if (await stat(path.join(dir, marker)).catch(() => null)) return dir;
  const staging = await mkdtemp(path.join(os.tmpdir(), "tts-tiny-model-staging-"));
  await writeTinyModel(staging, options);
  await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true })); // lost the race: fine
  return dir;
}

export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestWorker(options: TestWorkerOptions = {}): Promise<TestWorker> {
  const modelDir = options.modelDir ?? (await prepareTinyModelDir(options.model));
  await mkdir(modelDir, { recursive: true });
  const port = await getFreePort();
  const token = options.token === null ? null : (options.token ?? randomBytes(24).toString("hex"));
  const url = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  const tlsFiles = options.tls ? await writeTlsFiles(options.tls) : null;
  const authHeaders: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TTS_")));
  const env: Record<string, string | undefined> = {
    ...baseEnv,
    TTS_HOST: "127.0.0.1",
    TTS_PORT: String(port),
    TTS_ENGINE: options.engine ?? "kokoro",
    TTS_MODEL_DIR: modelDir,
    TTS_MODEL_DOWNLOAD: "0",
    // A test's worker never reads the user's model cache or runs pip unless the test asks for it.
    TTS_MODEL_SOURCES: "hub",
    TTS_MODEL_CACHE_DIR: "off",
    TTS_THREADS: String(options.threads ?? 2),
    TTS_INTRA_OP_THREADS: String(options.intraOpThreads ?? 1),
    TTS_MAX_QUEUE: String(options.maxQueue ?? 64),
    TTS_DRAIN_TIMEOUT_MS: String(options.drainTimeoutMs ?? 30_000),
    TTS_LOG_LEVEL: "info",
    ...(options.maxInFlight ? { TTS_MAX_IN_FLIGHT: String(options.maxInFlight) } : {}),
    ...(token ? { TTS_WORKER_TOKEN: token } : {}),
    ...(tlsFiles ? { TTS_TLS_CERT: tlsFiles.cert, TTS_TLS_KEY: tlsFiles.key } : {}),
    ...options.env,
  };

  let child!: ChildProcess;
  let stdoutLines: Array<Record<string, unknown>> = [];
  let stderrText = "";
  let exitPromise!: Promise<ExitInfo>;
  let readiness!: Readiness;

  const launch = async () => {
    const command = [process.execPath, "--import", import.meta.resolve("tsx"), "--import", PRELOAD, MAIN];
    if (options.niceness !== undefined) command.unshift("nice", "-n", String(options.niceness)); // nice execs node: same pid
    child = spawn(command[0]!, command.slice(1), {
      cwd: REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    const proc = child;
    exitPromise = new Promise((resolve) =>
      proc.once("exit", (code, signal) => {
        running.delete(proc);
        resolve({ code, signal });
      }),
    );
    let partial = "";
    proc.stdout!.on("data", (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        try {
          stdoutLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          stdoutLines.push({ raw: line });
        }
      }
    });
    proc.stderr!.on("data", (chunk: Buffer) => (stderrText += chunk.toString()));
    readiness = await waitForReady(url, authHeaders, exitPromise, options.readyTimeoutMs ?? 60_000, () => stderrText, options.tls?.ca);
  };

  await launch();

  const worker: TestWorker = {
    url,
    port,
    token,
    authHeaders,
    get readiness() {
      return readiness;
    },
    modelDir,
    logs: () => stdoutLines,
    stderr: () => stderrText,
    networkAttempts: () => stderrText.split("\n").filter((line) => line.startsWith("NETWORK_BLOCKED")),
    exited: () => exitPromise,
    pid: () => child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exitPromise;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    async restart() {
      await worker.stop();
      stdoutLines = [];
      stderrText = "";
      await launch();
    },
  };
  return worker;
}

async function waitForReady(
  url: string,
  headers: Record<string, string>,
  exited: Promise<ExitInfo>,
  timeoutMs: number,
  stderr: () => string,
  ca?: string,
): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  const dispatcher = ca ? new Agent({ connect: { ca } }) : undefined;
  let exitInfo: ExitInfo | null = null;
  void exited.then((info) => (exitInfo = info));
  while (Date.now() < deadline) {
    if (exitInfo) {
      throw new Error(`TTS worker exited (${JSON.stringify(exitInfo)}) before it was ready:\n${stderr()}`);
    }
    try {
      const res = await request(`${url}/readyz`, { headers, dispatcher, signal: AbortSignal.timeout(2_000) });
      if (res.statusCode === 200) {
        await dispatcher?.close();
        return readinessSchema.parse(await res.body.json());
      }
      await res.body.dump();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`TTS worker at ${url} was not ready after ${timeoutMs} ms:\n${stderr()}`);
}

async function writeTlsFiles(tls: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "voice-tts-tls-"));
  await writeFile(path.join(dir, "cert.pem"), tls.cert);
  await writeFile(path.join(dir, "key.pem"), tls.key, { mode: 0o600 });
  return { cert: path.join(dir, "cert.pem"), key: path.join(dir, "key.pem") };
}

/** POSTs a JSON body to the worker (with its token) and returns status, headers and the raw body bytes. */
export async function postToWorker(
  worker: Pick<TestWorker, "url" | "authHeaders">,
  route: "/v1/render" | "/v1/audio/speech",
  body: unknown,
  init: { headers?: Record<string, string>; rawBody?: string } = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer; json: () => unknown }> {
  const res = await fetch(`${worker.url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...worker.authHeaders, ...init.headers },
    body: init.rawBody ?? JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: () => JSON.parse(bytes.toString("utf8")) };
}
