/**
 * Offline speech recognition for tests and benchmarks: hands WAV files and what they should say to
 * harness/speech/transcribe.py (faster-whisper, in the environment `npm run speech:setup` installs) and
 * returns its report: what was heard, word error rate after normalisation, and which entities were heard.
 */
import { spawn } from "node:child_process";
import { TRANSCRIBE_SCRIPT } from "./python-env";

export type AsrItem = { id: string; wav: string; reference: string; language?: string; entities?: Record<string, string> };
export type AsrItemReport = {
  id: string;
  hypothesis: string;
  reference_normalized: string;
  hypothesis_normalized: string;
  words: number;
  errors: number;
  wer: number;
  entities: Record<string, { expected: string; heard: boolean }>;
  audio_seconds: number;
  asr_seconds: number;
};
export type AsrReport = { model: string; items: AsrItemReport[]; words: number; errors: number; wer: number };

export function transcribe(python: string, items: AsrItem[], options: { model?: string; threads?: number } = {}): Promise<AsrReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [TRANSCRIBE_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4_000)));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`transcribe.py exited with ${code}: ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout) as AsrReport);
      } catch (error) {
        reject(new Error(`transcribe.py printed no report (${(error as Error).message}): ${stderr.trim()}`));
      }
    });
    child.stdin.end(JSON.stringify({ model: options.model ?? "tiny.en", threads: options.threads ?? 1, items }));
  });
}
