// The README's promise, run as written: `npm start` on a machine with nothing but Node and npm on PATH (no
// espeak-ng, sox or ffmpeg; no Kokoro weights; no network) serves the app and speaks through the built-in
// voice. Then the worker is SIGKILLed mid-campaign: the web keeps answering, the worker comes back, and the
// campaign ends `ready` with every segment rendered once, plus at most the renders that were in flight.
// Ctrl-C (SIGINT) then stops both processes: the worker drains, nothing is left running.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { getFreePort } from "@/harness/worker-process";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
// `npm start` may build the web app first (a fresh clone has no .next yet): minutes on a 2-core machine.
const BUILD_AND_RUN_TIMEOUT_MS = 900_000;

/** A directory holding only `node`, `npm` and the `sh` that npm runs scripts with, to be the whole PATH. */
function barePath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bare-path-"));
  const which = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  fs.symlinkSync(fs.realpathSync(which("npm")), path.join(dir, "npm"));
  fs.symlinkSync(fs.realpathSync(which("sh")), path.join(dir, "sh"));
  return dir;
}

type App = { child: ChildProcess; url: string; output: () => string; lines: () => string[]; exited: Promise<{ code: number | null; signal: string | null }> };

function startApp(env: Record<string, string>): App {
  // Its own process group, as in a terminal, so that Ctrl-C can be sent the way a terminal sends it.
  const child = spawn("npm", ["start"], { cwd: REPO_ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, url: `http://127.0.0.1:${env.PORT}`, output: () => output, lines: () => output.split("\n"), exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number, app: App, options: { afterExit?: boolean } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (!options.afterExit && (app.child.exitCode !== null || app.child.signalCode !== null)) throw new Error(`npm start exited while waiting for ${what}:\n${app.output().slice(-4_000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${app.output().slice(-4_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What a terminal does on Ctrl-C: SIGINT to every process of the foreground process group. */
const ctrlC = (app: App) => process.kill(-app.child.pid!, "SIGINT");
/** Worker pids `npm start` reported, oldest first. */
const workerPids = (app: App) => [...app.output().matchAll(/\[worker\] started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
/** Renders the worker processes answered 200 to, from their request log lines. */
const workerRenders = (app: App) => app.lines().filter((l) => l.startsWith("[worker]") && l.includes('"path":"/v1/render"') && l.includes('"status":200')).length;

type Counts = { queued: number; rendering: number; done: number; failed: number; total: number };

describe("npm start on a bare machine", () => {
  let app: App | undefined;
  afterAll(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      ctrlC(app);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      ctrlC(app); // a second Ctrl-C, a moment later, does not wait for the drain
      await app.exited;
    }
  });

  it(
    "serves the app and the built-in voice, survives a SIGKILLed worker mid-campaign, and stops on Ctrl-C",
    async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "npm-start-"));
      const [port, workerPort, deadPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
      const appUrl = `http://127.0.0.1:${port}`;
      const env: Record<string, string> = {
        PATH: barePath(),
        HOME: work,
        PORT: String(port),
        TTS_PORT: String(workerPort),
        APP_URL: appUrl,
        PGLITE_DIR: path.join(work, "pglite"),
        TTS_MODEL_DIR: path.join(work, "no-kokoro-here"),
        // auto tries to download Kokoro first: pointed at a closed loopback port it fails at once, offline.
        TTS_MODEL_URL: `http://127.0.0.1:${deadPort}/kokoro`,
        // The hub only: this start is about the fallback voice (the registry source has its own tests).
        TTS_MODEL_SOURCES: "hub",
        TTS_THREADS: "2",
      };
      app = startApp(env);

      await waitFor("GET /api/health", async () => ((await fetch(`${app!.url}/api/health`)).ok ? true : null), BUILD_AND_RUN_TIMEOUT_MS, app);
      expect(app.output()).toContain("KOKORO IS NOT RUNNING");
      // No recogniser on a bare machine: the speech check is off, and the one line says how to turn it on.
      expect(app.output()).toContain("Speech check: off. To hear each name before patients do, run `npm run speech-check:setup`");

      const owner = { organizationName: "Bare Clinic", name: "Bea Owner", email: "owner@bare.test", password: "bare machine 1234" };
      const headers = { "content-type": "application/json", origin: appUrl };
      // The first start prints the setup code and writes it next to the embedded database, for the operator.
      const setupCode = fs.readFileSync(path.join(work, "setup-code"), "utf8").trim();
      expect(app.output()).toContain(setupCode);
      expect((await fetch(`${app.url}/api/setup`, { method: "POST", headers, body: JSON.stringify({ ...owner, setupCode }) })).status).toBe(201);
      const signIn = await fetch(`${app.url}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify({ email: owner.email, password: owner.password }) });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const api = (route: string, init: RequestInit = {}) => fetch(`${app!.url}${route}`, { ...init, headers: { ...headers, cookie, ...init.headers } });

      const workers = await waitFor(
        "a ready worker",
        async () => {
          const body = (await (await api("/api/workers")).json()) as { ready: boolean; info: { engine: string; voices: string[] } | null };
          return body.ready ? body.info! : null;
        },
        120_000,
        app,
      );
      expect(workers.engine).toBe("builtin");
      // The built-in voice speaks English (US and UK) and Latin American Spanish.
      expect(workers.voices).toEqual(["af_basic", "am_basic", "bf_basic", "bm_basic", "ef_basic", "em_basic"]);

      const audition = await api("/api/voices/audition", { method: "POST", body: JSON.stringify({ voice: "af_basic", speed: 1, text: "Hi Maria, see you on Tuesday." }) });
      expect(audition.status).toBe(200);
      expect(audition.headers.get("x-tts-engine")).toBe("builtin");
      // The sample streams as MP3 (chunked under `next start`); decoded, it is more than a second of speech.
      expect(audition.headers.get("content-type")).toBe("audio/mpeg");
      const pcm = execFileSync("ffmpeg", ["-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", "24000", "pipe:1"], { input: Buffer.from(await audition.arrayBuffer()) });
      const samples = Array.from({ length: pcm.length / 2 }, (_, i) => pcm.readInt16LE(i * 2) / 32768);
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      expect(samples.length / 24_000).toBeGreaterThan(1);
      expect(rms).toBeGreaterThan(0.02);

      // A campaign of 300 distinct sentences, long enough to be caught in flight by the kill.
      const csv = ["First Name,Last Name,Phone", ...Array.from({ length: 300 }, (_, i) => `Pat,Number${i},+1512555${String(1000 + i)}`)].join("\n");
      expect((await api("/api/contacts/import", { method: "POST", headers: { "content-type": "text/csv" }, body: csv })).status).toBe(200);
      const created = await api("/api/campaigns", {
        method: "POST",
        body: JSON.stringify({ name: "Kill test", template: "Good morning {{firstName}} {{lastName}}, your results are ready.", voice: "am_basic", speed: 1, recipients: { mode: "all" } }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await api(`/api/campaigns/${id}/launch`, { method: "POST" })).status).toBe(200);
      const progress = async () => ((await (await api(`/api/campaigns/${id}`)).json()) as { status: string; progress: Counts });

      await waitFor("20 rendered segments", async () => ((await progress()).progress.done >= 20 ? true : null), 120_000, app);
      const firstPid = workerPids(app)[0]!;
      const beforeKill = await progress();
      process.kill(firstPid, "SIGKILL");
      const killedAt = Date.now();
      // The web answers while the worker is away, and says it is restarting.
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      const away = (await (await api("/api/workers")).json()) as { ready: boolean; supervised: boolean };
      expect(away).toMatchObject({ ready: false, supervised: true });

      await waitFor("the restarted worker", async () => ((await (await api("/api/workers")).json()) as { ready: boolean }).ready || null, 60_000, app);
      const backAfterMs = Date.now() - killedAt;
      expect(app.output()).toContain("[supervisor] worker exited (killed by SIGKILL); restarting in 1 s (restart 1)");
      expect(workerPids(app)).toHaveLength(2);

      const final = await waitFor("the campaign to finish", async () => {
        const p = await progress();
        return p.status === "rendering" ? null : p;
      }, 180_000, app);
      expect(final.status).toBe("ready");
      expect(final.progress).toMatchObject({ done: 300, total: 300, failed: 0 });
      // Every segment once, plus at most the ones in flight when the worker died (two model threads, each
      // with a render running and the dispatcher holding at most that many leases).
      // Counted from the workers' request log (the audition went to /v1/audio/speech). A worker logs a render
      // after answering it, so the one SIGKILLed may have answered renders whose line never reached the pipe:
      // the log can fall short by those in flight, while the campaign's own count above says all 300 are done.
      const renders = workerRenders(app);
      const inFlight = Math.max(2, beforeKill.progress.rendering);
      expect(renders).toBeGreaterThanOrEqual(300 - inFlight);
      expect(renders).toBeLessThanOrEqual(300 + inFlight);
      console.info(
        `[npm start] worker SIGKILLed with ${beforeKill.progress.done} done, ${beforeKill.progress.rendering} rendering; ` +
          `ready again after ${backAfterMs} ms; ${renders} renders for 300 segments`,
      );

      ctrlC(app);
      // npm ends the way it does on a terminal's Ctrl-C (by SIGINT); what matters is that everything stopped.
      expect([0, "SIGINT"]).toContain((await app.exited).signal ?? (await app.exited).code);
      // npm returns at once, like a shell prompt after Ctrl-C; the launcher still drains the worker, then exits.
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const drained = /"msg":"stopped","service":"tts-worker","drained":true/;
      await waitFor("the worker to drain and stop", async () => (drained.test(app!.output()) ? true : null), 60_000, app, { afterExit: true });
      await waitFor("every process to stop", async () => (workerPids(app!).some(alive) ? null : true), 60_000, app, { afterExit: true });
      await expect(fetch(`${app.url}/api/health`)).rejects.toThrow(); // the web server is gone too
      expect(app.output()).not.toContain("exited (code 1)");
      expect(app.output()).not.toContain("second signal"); // one SIGTERM each: the worker drained
    },
    BUILD_AND_RUN_TIMEOUT_MS,
  );
});
