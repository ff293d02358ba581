/**
 * The real Kokoro-82M weights, end to end through the worker, checked by ear: an offline recogniser
 * (faster-whisper: Whisper tiny.en for English, the multilingual Whisper base for Spanish) must hear what was meant. Everything else in the suite runs the generated
 * tiny model.
 *
 * With CI=true these tests never skip: missing weights or a missing recogniser fail the run (`.ci/run`
 * installs both the way a user would: `npm run model:download`, `npm run speech:setup`). Elsewhere they run
 * whenever the weights are in TTS_MODEL_DIR (default .models/kokoro) and skip with the command that fixes it.
 * They are short on purpose: one model thread renders at about real time on a small CPU.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeMessage, MESSAGE_FORMATS, PROFILE_INFO } from "@/lib/audio";
import { Lexicon } from "@/lib/lexicon";
import { decodeWav16 } from "@/lib/protocol/audio";
import { parseRenderResponseHeaders } from "@/lib/protocol/tts";
import { findRespelling, heardValue, SpeechCheckClient } from "@/lib/speech-check";
import { DEFAULT_MODEL_DIR } from "@/workers/tts/env";
import { checkModelDir } from "@/workers/tts/model-files";
import { transcribe, type AsrItem } from "../../../harness/asr";
import { findPython } from "../../../harness/python-env";
import { startSpeechCheck } from "../../../harness/speech-check-process";
import { postToWorker, startTestWorker, type TestWorker } from "../../../harness/worker-process";

const modelDir = process.env.TTS_MODEL_DIR || DEFAULT_MODEL_DIR;
const check = await checkModelDir(modelDir, "q8");
const python = await findPython("asr");
const required = process.env.CI === "true";
const weightsHint = `run \`npm run model:download\` (or set TTS_MODEL_DIR): ${check.ok ? "" : check.problems.join("; ")}`;
const asrHint = "run `npm run speech:setup` to install the offline recogniser";
if (!required && !check.ok) console.log(`[real model] skipped: ${weightsHint}`);
if (!required && check.ok && !python) console.log(`[real model] round trips through the recogniser skipped: ${asrHint}`);

const REMINDER = "Hi Maria, your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.";
const REMINDER_ENTITIES = { name: "Maria", provider: "Doctor Patel", date: "Tuesday March third", time: "two thirty PM" };
/**
 * Spanish, as lib/speech/es says a reminder, spoken by Kokoro's ef_dora from eSpeak NG es-419 phonemes and heard
 * by the multilingual Whisper base (tiny.en hears English only).
 */
const SPANISH_REMINDER =
  "Hola Lucía, le recordamos su cita con la doctora Pérez el martes tres de marzo a las dos y media de la tarde.";
const SPANISH_ENTITIES = { provider: "doctora Pérez", date: "martes tres de marzo", time: "dos y media de la tarde" };
/** Kokoro's limit is 510 tokens per model run; this text phonemizes to well over that in one sentence. */
const LONG_SENTENCE =
  "Before your visit on Thursday, please fill in the health history form, bring a list of every medicine you take, " +
  "including vitamins, supplements and anything your pharmacist gave you without a prescription, arrive fifteen minutes " +
  "early so that the front desk can check your insurance card and your photo identification, park in the visitor lot " +
  "behind the building rather than on the street, take the elevator to the third floor, and tell the receptionist if " +
  "you need an interpreter, a wheelchair or a quiet room while you wait, and the last word of this message is pineapple.";

describe("the real Kokoro-82M weights", () => {
  it.runIf(required)("are installed, with the recogniser that checks them", () => {
    expect(check.ok, weightsHint).toBe(true);
    expect(python, asrHint).not.toBeNull();
  });

  describe.skipIf(!check.ok)("through the worker", () => {
    let worker: TestWorker;
    const dir = mkdtempSync(path.join(os.tmpdir(), "real-model-"));
    beforeAll(async () => {
      // Two model threads of one intra-op thread each: the layout that aborted on the onnxruntime pinned before.
      worker = await startTestWorker({ engine: "kokoro", modelDir, threads: 2, intraOpThreads: 1, readyTimeoutMs: 240_000 });
    }, 300_000);
    afterAll(async () => {
      await worker?.stop();
    });

    const listen = async (items: AsrItem[]) => {
      if (!python) throw new Error(asrHint);
      return transcribe(python, items);
    };
    const wavFile = (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      return file;
    };

    it("speaks a reminder that a recogniser hears word for word, in every phone system's formats", async () => {
      const res = await postToWorker(worker, "/v1/render", { text: REMINDER, voice: "af_heart", format: "wav" });
      expect(res.status).toBe(200);
      const meta = parseRenderResponseHeaders(res.headers);
      expect(meta.engine).toBe("kokoro");
      expect(meta.modelVersion).toMatch(/^kokoro-82m-v1\.0-(int8export|q8)-[0-9a-f]{12}$/);
      const wav = decodeWav16(res.bytes);
      expect(wav.sampleRate).toBe(24_000);
      expect(meta.audioMs).toBeGreaterThan(3_000);
      expect(meta.audioMs).toBeLessThan(10_000);
      expect(worker.networkAttempts()).toEqual([]);

      // Each format a phone profile offers, decoded back to 16 kHz WAV by ffmpeg, as a phone system would play it.
      const formats = [...new Set(Object.values(PROFILE_INFO).flatMap((p) => p.formats))];
      expect(formats.sort()).toEqual(MESSAGE_FORMATS.filter((f) => f !== "mulaw").sort());
      const samples = wav.samples;
      const items: AsrItem[] = [];
      for (const format of formats) {
        const encoded = wavFile(`reminder.${format}`, await encodeMessage(samples, wav.sampleRate, format));
        const input = format === "ulaw" ? ["-f", "mulaw", "-ar", "8000", "-ac", "1", "-i", encoded] : ["-i", encoded];
        const decoded = path.join(dir, `reminder-${format}.wav`);
        execFileSync("ffmpeg", ["-v", "error", "-y", ...input, "-ar", "16000", "-ac", "1", decoded]);
        items.push({ id: format, wav: decoded, reference: REMINDER, entities: REMINDER_ENTITIES });
      }
      if (!python && !required) return;
      const report = await listen(items);
      console.log(report.items.map((i) => `${i.id}: "${i.hypothesis}" (wer ${i.wer.toFixed(2)})`).join("\n"));
      for (const item of report.items) {
        // Whisper tiny.en on this voice: 0 errors at 24 kHz in our runs; 8 kHz phone audio may cost a word.
        expect(item.wer, `${item.id}: heard "${item.hypothesis}"`).toBeLessThanOrEqual(0.15);
        for (const [kind, entity] of Object.entries(item.entities)) expect(entity.heard, `${item.id} ${kind}: heard "${item.hypothesis}"`).toBe(true);
      }
    }, 240_000);

    it("speaks Spanish with a Spanish voice, heard by the multilingual recogniser", async () => {
      const res = await postToWorker(worker, "/v1/render", { text: SPANISH_REMINDER, voice: "ef_dora", language: "es", format: "wav" });
      expect(res.status, res.bytes.toString()).toBe(200);
      const meta = parseRenderResponseHeaders(res.headers);
      expect(meta.engine).toBe("kokoro");
      expect(meta.audioMs).toBeGreaterThan(4_000);
      // The control: the same text read with English phonemes (an English voice), what Spanish text sounded like before.
      const english = await postToWorker(worker, "/v1/render", { text: SPANISH_REMINDER, voice: "af_heart", format: "wav" });
      expect(english.status).toBe(200);
      if (!python && !required) return;
      const items = [
        { id: "es", wav: wavFile("spanish.wav", res.bytes), reference: SPANISH_REMINDER, language: "es", entities: SPANISH_ENTITIES },
        { id: "control", wav: wavFile("spanish-english.wav", english.bytes), reference: SPANISH_REMINDER, language: "es" },
      ];
      const [heard, control] = (await transcribe(python!, items, { model: "base" })).items;
      console.log(`es: "${heard!.hypothesis}" (wer ${heard!.wer.toFixed(2)}); control: "${control!.hypothesis}" (wer ${control!.wer.toFixed(2)})`);
      // 23 words after normalisation: at most 3 wrong. Heard word for word in our runs (0 %); the margin is for a name
      // Whisper base spells its own way ("Peres"), the same margin as the English check. The control (57 % in our
      // run: "Olalusia, la recordamos sucede…") is far past it, so the threshold tells Spanish phonemes from English ones.
      expect(heard!.wer, `heard "${heard!.hypothesis}"`).toBeLessThanOrEqual(0.15);
      for (const [kind, entity] of Object.entries(heard!.entities)) expect(entity.heard, `${kind}: heard "${heard!.hypothesis}"`).toBe(true);
      expect(control!.wer, `control heard "${control!.hypothesis}"`).toBeGreaterThan(0.15);
    }, 240_000);

    it("says a name wrong that the speech check hears, and its suggested respelling is heard right", async () => {
      if (!python && !required) return;
      // Found by ear on these weights: af_heart says "Ahmed" with a hard consonant that Whisper writes "Acmed".
      const sentence = "Hello Ahmed, this is a reminder from the clinic.";
      const service = await startSpeechCheck(python!);
      try {
        const client = new SpeechCheckClient({ url: service.url, token: service.token });
        const render = async (text: string) => {
          const res = await postToWorker(worker, "/v1/render", { text, voice: "af_heart", format: "wav" });
          return res.status === 200 ? ({ ok: true, value: res.bytes } as const) : ({ ok: false, error: res.bytes.toString() } as const);
        };
        const wrong = await client.transcribe((await render(sentence)).value as Buffer, "en", ["Ahmed"]);
        if (!wrong.ok) throw new Error(wrong.error.message);
        console.log(`as spelled: "${wrong.value.text}"`);
        expect(heardValue(wrong.value.expected[0]!.normalized, wrong.value.normalized), `heard "${wrong.value.text}"`).toBe(false);

        const suggestion = await findRespelling(client, render, sentence, "Ahmed", "en");
        expect(suggestion).toEqual({ term: "Ahmed", sayAs: expect.stringMatching(/^ah-?med$/i) });
        // Accepted into the dictionary, the sentence is said with it and heard fixed.
        const said = new Lexicon([suggestion!]).apply(sentence).text;
        expect(said).not.toContain("Ahmed");
        const fixed = await client.transcribe((await render(said)).value as Buffer, "en", ["Ahmed"]);
        if (!fixed.ok) throw new Error(fixed.error.message);
        console.log(`with "${suggestion!.sayAs}": "${fixed.value.text}"`);
        expect(heardValue(fixed.value.expected[0]!.normalized, fixed.value.normalized), `heard "${fixed.value.text}"`).toBe(true);
      } finally {
        await service.stop();
      }
    }, 240_000);

    it("renders a sentence far past 510 tokens without truncating it", async () => {
      const res = await postToWorker(worker, "/v1/render", { text: LONG_SENTENCE, voice: "af_heart", format: "wav" });
      expect(res.status).toBe(200);
      const meta = parseRenderResponseHeaders(res.headers);
      // About 60 ms of speech per character; a cut at 510 tokens would lose about a third of it.
      expect(meta.audioMs).toBeGreaterThan(LONG_SENTENCE.length * 45);
      if (!python && !required) return;
      const [tail] = (await listen([{ id: "long", wav: wavFile("long.wav", res.bytes), reference: LONG_SENTENCE, entities: { last: "pineapple" } }])).items;
      expect(tail!.entities.last!.heard, `heard "${tail!.hypothesis}"`).toBe(true);
      expect(tail!.wer).toBeLessThanOrEqual(0.2);
    }, 300_000);

    it("streams a reply sentence by sentence, and two renders run on two threads at once", async () => {
      const text = "Thank you for calling. Your appointment is confirmed.";
      const started = performance.now();
      const [streamed, other] = await Promise.all([
        fetch(`${worker.url}/v1/audio/speech`, {
          method: "POST",
          headers: { "content-type": "application/json", ...worker.authHeaders },
          body: JSON.stringify({ model: "kokoro", voice: "af_heart", input: text, response_format: "pcm", stream_format: "audio" }),
        }).then(async (res) => {
          expect(res.status).toBe(200);
          const arrivals: number[] = [];
          const chunks: Buffer[] = [];
          for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
            arrivals.push(performance.now() - started);
            chunks.push(Buffer.from(chunk));
          }
          return { arrivals, bytes: Buffer.concat(chunks) };
        }),
        postToWorker(worker, "/v1/render", { text: "See you soon.", voice: "am_michael", format: "wav" }),
      ]);
      expect(other.status).toBe(200);
      expect(streamed.arrivals.length).toBeGreaterThan(1);
      // The first sentence's audio arrives before the whole reply is rendered.
      expect(streamed.arrivals[0]!).toBeLessThan(streamed.arrivals.at(-1)!);
      expect(streamed.bytes.length / 2 / 24_000).toBeGreaterThan(2);
      const metrics = await (await fetch(`${worker.url}/metrics`, { headers: worker.authHeaders })).text();
      expect(metrics).toMatch(/^tts_model_runs_max_concurrent 2$/m);
    }, 240_000);

    it("speaks a voice mix and answers the OpenAI client", async () => {
      const mix = await postToWorker(worker, "/v1/render", { text: "See you on Tuesday.", voice: "af_heart(2)+af_bella(1)", format: "wav" });
      const plain = await postToWorker(worker, "/v1/render", { text: "See you on Tuesday.", voice: "af_heart", format: "wav" });
      expect(mix.status).toBe(200);
      expect(mix.bytes.equals(plain.bytes)).toBe(false);
      const client = new OpenAI({ baseURL: `${worker.url}/v1`, apiKey: worker.token!, maxRetries: 0 });
      const speech = Buffer.from(await (await client.audio.speech.create({ model: "tts-1", voice: "af_heart", input: "See you on Tuesday.", response_format: "wav" })).arrayBuffer());
      expect(speech.toString("ascii", 0, 4)).toBe("RIFF");
      if (!python && !required) return;
      const report = await listen([
        { id: "mix", wav: wavFile("mix.wav", mix.bytes), reference: "See you on Tuesday.", entities: { day: "Tuesday" } },
        { id: "openai", wav: wavFile("openai.wav", speech), reference: "See you on Tuesday.", entities: { day: "Tuesday" } },
      ]);
      for (const item of report.items) expect(item.entities.day!.heard, `${item.id}: heard "${item.hypothesis}"`).toBe(true);
    }, 240_000);
  });
});
