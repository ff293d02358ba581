/**
 * The server Playwright tests run against: the production build and `npm start`'s launcher, on their own
 * ports and their own fresh embedded database, so a developer's .data/ is never touched.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareTinyModelDir } from "../../harness/worker-process";

const root = path.resolve(import.meta.dirname, "../..");
const work = path.join(root, "tests/.artifacts/e2e");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });

// The real worker process with the generated tiny Kokoro-interface model (the real weights are not needed).
const modelDir = await prepareTinyModelDir();

const port = process.env.E2E_PORT ?? "3100";
const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/start.ts")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    // Where the carrier simulator (tests/e2e/calls.spec.ts) calls back and fetches audio: this server, on loopback.
    APP_URL: `http://127.0.0.1:${port}`,
    TTS_PORT: process.env.E2E_WORKER_PORT ?? "8899",
    // The speech check service npm start runs when its recogniser is installed, off the developer's own port.
    SPEECH_CHECK_PORT: process.env.E2E_SPEECH_CHECK_PORT ?? String(Number(process.env.E2E_PORT ?? 3100) + 5400),
    PGLITE_DIR: path.join(work, "pglite"),
    TTS_ENGINE: "kokoro",
    TTS_MODEL_DIR: modelDir,
    TTS_THREADS: "2",
    TTS_MODEL_DOWNLOAD: "0",
    // The automations journey's webhook receiver and the carrier simulator listen on loopback.
    WEBHOOKS_ALLOW_PRIVATE_URLS: "1",
  },
});
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on("SIGINT", forward);
process.on("SIGTERM", forward);
child.on("exit", (code) => process.exit(code ?? 0));
