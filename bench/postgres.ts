/**
 * A throwaway Postgres cluster for the length of a benchmark, started by .ci/postgres.sh (the one the tests
 * use): its shell waits on our stdin and stops the cluster when that closes. Null when Postgres is not
 * installed. BENCH_DATABASE_URL (a local server whose databases the bench may create and drop) skips it.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export async function startBenchPostgres(): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: async () => {} };
  const shell = spawn("bash", ["-c", 'source .ci/postgres.sh >&2 && echo "$TEST_DATABASE_URL" && read -r _'], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => shell.on("exit", () => resolve()));
  const url = await new Promise<string | null>((resolve) => {
    readline.createInterface({ input: shell.stdout }).once("line", resolve);
    void exited.then(() => resolve(null));
  });
  if (!url) return null;
  return {
    url,
    async stop() {
      shell.stdin.end();
      await exited;
    },
  };
}
