/**
 * The speech check service (services/speech-check/server.py) as a child process on a free loopback port, for
 * tests and benchmarks. Needs the recogniser environment (`npm run speech-check:setup`); `findPython("asr")`
 * says whether it is installed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { SPEECH_CHECK_DIR } from "./python-env";
import { getFreePort } from "./worker-process";

export type TestSpeechCheck = { url: string; token: string; stop: () => Promise<void>; stderr: () => string };

export async function startSpeechCheck(python: string, options: { queue?: number; threads?: number; readyTimeoutMs?: number } = {}): Promise<TestSpeechCheck> {
  const port = await getFreePort();
  const token = randomBytes(16).toString("hex");
  const child: ChildProcess = spawn(python, [path.join(SPEECH_CHECK_DIR, "server.py")], {
    env: {
      ...process.env,
      SPEECH_CHECK_HOST: "127.0.0.1",
      SPEECH_CHECK_PORT: String(port),
      SPEECH_CHECK_TOKEN: token,
      SPEECH_CHECK_QUEUE: String(options.queue ?? 8),
      SPEECH_CHECK_THREADS: String(options.threads ?? 1),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-8_000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the speech check service exited with ${child.exitCode}: ${stderr.trim()}`);
    const ready = await fetch(`${url}/ready`).then((r) => r.ok, () => false);
    if (ready) return { url, token, stop, stderr: () => stderr };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the speech check service was not ready in time: ${stderr.trim()}`);
}
