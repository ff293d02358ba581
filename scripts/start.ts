/**
 * `npm start` (and `npm run dev --dev`): runs the whole product in one terminal. It builds the web app when
 * the build is missing or older than the sources, wires a fresh shared token between web and worker,
 * starts the TTS worker (supervised: restarted with backoff when it dies, see supervise.ts) and the Next.js
 * server with prefixed logs, and stops both on Ctrl-C. Migrations run inside the web server at boot (the
 * embedded database allows one process only).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { findPython, SPEECH_CHECK_DIR } from "./python-env";
import { exitDescription, supervise, type Supervisor } from "./supervise";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
if (fs.existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));

const webPort = process.env.PORT ?? "3000";
const workerPort = process.env.TTS_PORT ?? "8787";
const sharedEnv: NodeJS.ProcessEnv = {
  ...process.env,
  // One token per start unless configured: the worker refuses callers without it.
  TTS_WORKER_TOKEN: process.env.TTS_WORKER_TOKEN ?? randomBytes(24).toString("hex"),
  TTS_WORKER_URLS: process.env.TTS_WORKER_URLS ?? `http://127.0.0.1:${workerPort}`,
  TTS_PORT: workerPort,
  APP_URL: process.env.APP_URL ?? `http://localhost:${webPort}`,
};

// The speech check (services/speech-check) runs when its recogniser is installed and no other one is configured.
const speechCheckPython = process.env.SPEECH_CHECK_URL ? null : await findPython("asr");
if (speechCheckPython) {
  const port = process.env.SPEECH_CHECK_PORT ?? "8790";
  sharedEnv.SPEECH_CHECK_PORT = port;
  sharedEnv.SPEECH_CHECK_TOKEN = process.env.SPEECH_CHECK_TOKEN ?? randomBytes(24).toString("hex");
  sharedEnv.SPEECH_CHECK_URL = `http://127.0.0.1:${port}`;
}

const COLORS = { web: "\x1b[36m", worker: "\x1b[35m", build: "\x1b[33m", check: "\x1b[32m" } as const;
const useColor = process.stdout.isTTY;

function prefixed(name: keyof typeof COLORS, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream): void {
  const label = useColor ? `${COLORS[name]}[${name}]\x1b[0m ` : `[${name}] `;
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) out.write(label + line + "\n");
  });
  stream.on("end", () => buffer && out.write(label + buffer + "\n"));
}

function newestMtime(entry: string): number {
  const abs = path.join(root, entry);
  if (!fs.existsSync(abs)) return 0;
  const stat = fs.statSync(abs);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(abs)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function buildIfStale(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = ["app", "lib", "drizzle", "public", "instrumentation.ts", "proxy.ts", "next.config.ts", "package-lock.json"];
  if (built > Math.max(...sources.map(newestMtime))) return;
  console.log(built ? "Sources changed since the last build: rebuilding the web app…" : "Building the web app (first start only)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...sharedEnv, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    console.error("The web app failed to build; see the errors above.");
    process.exit(result.status ?? 1);
  }
}

let stopping = false;
let web: ChildProcess | null = null;
let worker: Supervisor | null = null;
let speechCheck: Supervisor | null = null;

function spawnPrefixed(name: "web" | "worker" | "check", args: string[], env: NodeJS.ProcessEnv, command = process.execPath): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  prefixed(name, child.stdout!, process.stdout);
  prefixed(name, child.stderr!, process.stderr);
  return child;
}

function running(): ChildProcess[] {
  return [web, worker?.current() ?? null, speechCheck?.current() ?? null].filter((child): child is ChildProcess => child !== null && child.exitCode === null && child.signalCode === null);
}

// Ctrl-C reaches every process of the terminal's group, and the tsx and npm wrappers above this one relay it
// as well: a repeat within a second is the same request, a later one means "do not wait".
const REPEATED_SIGNAL_MS = 1_000;
let stoppingSince = 0;

async function stop(code = 0): Promise<void> {
  if (stopping && Date.now() - stoppingSince < REPEATED_SIGNAL_MS) return;
  if (stopping) {
    // A second Ctrl-C: do not wait for a graceful drain.
    for (const child of running()) child.kill("SIGKILL");
    process.exit(code || 130);
  }
  stopping = true;
  stoppingSince = Date.now();
  const webExited = web && web.exitCode === null && web.signalCode === null ? new Promise((resolve) => web!.once("exit", resolve)) : null;
  web?.kill("SIGTERM");
  await Promise.all([worker?.stop("SIGTERM"), speechCheck?.stop("SIGTERM"), webExited]);
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGHUP", () => void stop(0));

if (!dev) buildIfStale();

const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const workerEntry = path.join(root, "workers/tts/main.ts");
if (fs.existsSync(workerEntry)) {
  // The worker is supervised: when it dies the web keeps serving (its banner says the worker is restarting)
  // and renders wait in the database until the restarted worker takes them.
  const workerEnv = { ...sharedEnv, TTS_ENGINE: process.env.TTS_ENGINE ?? "auto" };
  worker = supervise({
    name: "worker",
    start: () => {
      // `node --import tsx` rather than the tsx CLI: one process, so the pid logged is the worker itself and a
      // signal (or a SIGKILL by the operator) reaches it directly.
      const args = dev ? [tsx, "watch", workerEntry] : ["--import", import.meta.resolve("tsx"), workerEntry];
      const child = spawnPrefixed("worker", args, workerEnv);
      console.log(`[worker] started (pid ${child.pid})`);
      return child;
    },
    log: (line) => console.error(`[supervisor] ${line}`),
  });
}
if (speechCheckPython) {
  speechCheck = supervise({
    name: "check",
    start: () => {
      const child = spawnPrefixed("check", [path.join(SPEECH_CHECK_DIR, "server.py")], sharedEnv, speechCheckPython);
      console.log(`[check] started (pid ${child.pid})`);
      return child;
    },
    log: (line) => console.error(`[supervisor] ${line}`),
  });
}
console.log(
  process.env.SPEECH_CHECK_URL
    ? `Speech check: on, at ${process.env.SPEECH_CHECK_URL} (SPEECH_CHECK_URL).`
    : speechCheckPython
      ? `Speech check: on (a recogniser listens to each sentence that holds a name before launch).`
      : "Speech check: off. To hear each name before patients do, run `npm run speech-check:setup` and start again.",
);
// Next.js on the app's own node:http server (web-server.ts), so requests carry the socket's address.
const webArgs = ["--import", import.meta.resolve("tsx"), path.join(root, "scripts/web-server.ts"), "--port", webPort, ...(dev ? ["--dev"] : [])];
web = spawnPrefixed("web", webArgs, {
  ...sharedEnv,
  NODE_ENV: dev ? "development" : "production",
  TTS_WORKER_SUPERVISED: worker ? "1" : "0",
});
web.once("exit", (code, signal) => {
  if (stopping) return;
  console.error(`[web] exited (${exitDescription(code, signal)}); stopping the rest.`);
  void stop(code ?? 1);
});
console.log(`Voice campaigns: http://localhost:${webPort}  (Ctrl-C stops everything)`);
