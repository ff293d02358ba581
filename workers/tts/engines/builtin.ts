/**
 * The built-in offline voice: eSpeak NG compiled to WebAssembly (@echogarden/espeak-ng-emscripten), installed
 * by `npm ci` with its voice data, so a machine with nothing but Node still speaks. It sounds robotic; it is
 * what `auto` falls back to when Kokoro is neither on disk nor downloadable.
 *
 * Synthesis is synchronous WASM and blocks the thread it runs on, so like Kokoro it is loaded inside each
 * model thread (model-thread.ts), never on the HTTP thread.
 */
import { createRequire } from "node:module";
import createEspeakModule from "@echogarden/espeak-ng-emscripten";
import { resample } from "../../../lib/protocol/audio";
import { SPEECH_SAMPLE_RATE } from "../../../lib/protocol/tts";
import { BUILTIN_VOICES, toBuiltinVoice } from "../voices";
import type { SpeechEngine } from "./types";

/** eSpeak NG's words per minute at speed 1 (its own default). */
const WPM_AT_SPEED_1 = 175;

/** Bump when toBuiltinVoice maps any voice differently: the mapping is part of what produces the audio. */
const VOICE_MAP_REVISION = 1;
/**
 * eSpeak NG synthesizes at 22,050 Hz; its samples are resampled to SPEECH_SAMPLE_RATE (24 kHz), the rate
 * OpenAI's `pcm` promises and one libopus takes. The output rate is part of the model version, so audio
 * rendered before at 22,050 Hz is never mixed with audio rendered now.
 */
const OUTPUT_TAG = `${SPEECH_SAMPLE_RATE / 1000}k`;

/** "0.3.5": the package version pins the synthesizer and its voice data, so it is the model version. */
export function builtinPackageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("@echogarden/espeak-ng-emscripten/package.json") as { version: string }).version;
}

export function builtinModelVersion(): string {
  return `espeak-ng-wasm-${builtinPackageVersion()}+voices${VOICE_MAP_REVISION}+${OUTPUT_TAG}`;
}

export async function loadBuiltin(): Promise<SpeechEngine> {
  const espeak = await createEspeakModule();
  const synth = new espeak.eSpeakNGWorker();
  const nativeRate = synth.get_samplerate();
  return {
    engine: "builtin",
    sampleRate: SPEECH_SAMPLE_RATE,
    modelVersion: builtinModelVersion(),
    voices: BUILTIN_VOICES.map((v) => v.id),
    async synthesizeChunk(text, voice, speed) {
      const status = synth.set_voice(toBuiltinVoice(voice));
      if (status !== 0) throw new Error(`the built-in voice could not select "${voice}" (eSpeak NG status ${status})`);
      synth.set_rate(Math.round(WPM_AT_SPEED_1 * speed));
      const pieces: Int16Array[] = [];
      // The callback returns false to keep going; eSpeak NG hands over 16-bit samples in pieces.
      synth.synthesize(text, (samples: Int16Array) => {
        if (samples.length > 0) pieces.push(samples);
        return false;
      });
      const out = new Float32Array(pieces.reduce((n, piece) => n + piece.length, 0));
      let offset = 0;
      for (const piece of pieces) {
        for (let i = 0; i < piece.length; i++) out[offset + i] = piece[i]! / 32_768;
        offset += piece.length;
      }
      return resample(out, nativeRate, SPEECH_SAMPLE_RATE);
    },
    async dispose() {
      synth.__destroy__();
    },
  };
}
