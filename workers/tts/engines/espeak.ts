/**
 * espeak-ng fallback: real, offline speech when no Kokoro weights exist.
 *
 * We run Debian's `espeak-ng` binary rather than an npm WASM build: the binary is maintained and security-
 * patched by the distribution, synthesises several times faster than WASM, runs in a child process (so it
 * never blocks a thread), and adds no dependency to the app. Its cost is that a fresh machine may lack it,
 * so a missing binary is reported with the exact install command (see ESPEAK_INSTALL_HINT).
 */
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { decodeWav16, resample } from "../../../lib/protocol/audio";
import { SPEECH_SAMPLE_RATE } from "../../../lib/protocol/tts";
import { KOKORO_VOICES, toEspeakVoice } from "../voices";
import type { SpeechEngine } from "./types";

const execFileAsync = promisify(execFile);
const ESPEAK_WPM_AT_SPEED_1 = 175;

export const ESPEAK_INSTALL_HINT =
  "install espeak-ng: `sudo apt-get install espeak-ng` (Debian/Ubuntu), `sudo dnf install espeak-ng` (Fedora), " +
  "`brew install espeak-ng` (macOS); or set TTS_ESPEAK_BIN to its path";

/** Returns the espeak-ng version ("1.51"), or null when the binary cannot be run. */
export async function getEspeakVersion(bin: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(bin, ["--version"], { timeout: 5_000 });
    return /(\d+\.\d+(?:\.\d+)?)/.exec(stdout)?.[1] ?? "unknown";
  } catch {
    return null;
  }
}

function runEspeak(bin: string, args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`espeak-ng exited with ${code}: ${err.trim()}`)),
    );
    child.stdin.end(input);
  });
}

/** Bump when toEspeakVoice maps any voice differently. */
const VOICE_MAP_REVISION = 1;
/** espeak-ng writes 22,050 Hz; it is resampled to SPEECH_SAMPLE_RATE, and the version says so (as the built-in voice's). */
const OUTPUT_TAG = `${SPEECH_SAMPLE_RATE / 1000}k`;

export async function loadEspeak(options: { bin: string }): Promise<SpeechEngine> {
  const version = await getEspeakVersion(options.bin);
  if (!version) throw new Error(`espeak-ng not found (${options.bin}); ${ESPEAK_INSTALL_HINT}`);
  // The voice mapping is part of what produces the audio, so its revision is part of the version.
  const modelVersion = `espeak-ng-${version}+voices${VOICE_MAP_REVISION}+${OUTPUT_TAG}`;
  return {
    engine: "espeak",
    sampleRate: SPEECH_SAMPLE_RATE,
    modelVersion,
    voices: KOKORO_VOICES.map((v) => v.id),
    async synthesizeChunk(text, voice, speed) {
      const wpm = String(Math.round(ESPEAK_WPM_AT_SPEED_1 * speed));
      // Text goes through stdin (-b 1: UTF-8), never argv, so no input can be read as an option.
      const wav = await runEspeak(options.bin, ["--stdout", "-b", "1", "-v", toEspeakVoice(voice), "-s", wpm], text);
      const decoded = decodeWav16(wav);
      return resample(decoded.samples, decoded.sampleRate, SPEECH_SAMPLE_RATE);
    },
    async dispose() {},
  };
}
