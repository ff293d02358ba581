/**
 * Hard names on the real Kokoro weights: how many the speech check hears right as spelled, and how many of the
 * rest its suggested respelling fixes (the suggestion rendered by the dictionary, as a launch would say it, and
 * heard right again). Needs the real weights (`npm run model:download`) and the recogniser
 * (`npm run speech-check:setup`). Run: `npx tsx bench/speech-check-names.ts [voice [name…]]`; writes
 * bench/results/speech-check-names.json. About two minutes a name on 2 busy cores.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { Lexicon } from "@/lib/lexicon/matcher";
import { findRespelling, heardValue, SpeechCheckClient } from "@/lib/speech-check";
import { DEFAULT_MODEL_DIR } from "@/workers/tts/env";
import { findPython } from "../harness/python-env";
import { startSpeechCheck } from "../harness/speech-check-process";
import { postToWorker, startTestWorker } from "../harness/worker-process";

/** Names of many origins that text-to-speech voices are known to stumble on, and a drug name. */
const HARD = [
  "Okafor", "Nguyen", "Siobhan", "Ahmed", "Xiomara", "Przybylski", "Tchaikovsky", "Oyelaran",
  "Adebayo", "Wojciechowski", "Saoirse", "Nkechi", "Aoife", "Amoxicillin",
];
const sentenceFor = (name: string) => (name === "Amoxicillin" ? "Hello, your Amoxicillin refill is ready at the clinic." : `Hello ${name}, this is a reminder from the clinic.`);

const voice = process.argv[2] ?? "af_heart";
/** Names after the voice replace the list (`npx tsx bench/speech-check-names.ts af_heart Amoxicillin`). */
const names = process.argv.length > 3 ? process.argv.slice(3) : HARD;
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(", ");
const python = await findPython("asr");
if (!python) throw new Error("run `npm run speech-check:setup` first");
const loadAtStart = load();
const worker = await startTestWorker({ engine: "kokoro", modelDir: process.env.TTS_MODEL_DIR || DEFAULT_MODEL_DIR, threads: 1, intraOpThreads: 1, readyTimeoutMs: 240_000 });
const service = await startSpeechCheck(python);
const client = new SpeechCheckClient({ url: service.url, token: service.token });
const render = async (text: string) => {
  const res = await postToWorker(worker, "/v1/render", { text, voice, format: "wav" });
  return res.status === 200 ? ({ ok: true, value: res.bytes } as const) : ({ ok: false, error: res.bytes.toString() } as const);
};
const hear = async (text: string, value: string) => {
  const wav = await render(text);
  if (!wav.ok) throw new Error(wav.error);
  const heard = await client.transcribe(wav.value, "en", [value]);
  if (!heard.ok) throw new Error(heard.error.message);
  return { text: heard.value.text.trim(), right: heardValue(heard.value.expected[0]!.normalized, heard.value.normalized), audio: heard.value.audio_seconds, asr: heard.value.asr_seconds };
};

type Row = { name: string; heardAsSpelled: string; rightAsSpelled: boolean; suggestion: string | null; heardWithSuggestion: string | null; fixed: boolean };
const rows: Row[] = [];
let audio = 0;
let asr = 0;
const started = Date.now();
const summarize = () => ({
  ranAt: new Date().toISOString(),
  voice,
  recogniser: "tiny.en",
  cores: os.cpus().length,
  loadAtStart,
  loadAtEnd: load(),
  seconds: Math.round((Date.now() - started) / 1000),
  names: rows.length,
  rightAsSpelled: rows.filter((r) => r.rightAsSpelled).length,
  wrongAsSpelled: rows.filter((r) => !r.rightAsSpelled).length,
  suggested: rows.filter((r) => r.suggestion).length,
  fixedBySuggestion: rows.filter((r) => r.fixed).length,
  rightAfterFixes: rows.filter((r) => r.rightAsSpelled || r.fixed).length,
  recogniserSecondsPerAudioSecond: Math.round((asr / audio) * 100) / 100,
  rows,
});
/** Written after each name, so a run stopped early keeps what it measured. */
const save = () => writeFile(new URL("./results/speech-check-names.json", import.meta.url), `${JSON.stringify(summarize(), null, 1)}\n`);

try {
  for (const name of names) {
    const sentence = sentenceFor(name);
    const before = await hear(sentence, name);
    audio += before.audio;
    asr += before.asr;
    let suggestion = null;
    let after = null;
    if (!before.right) {
      suggestion = await findRespelling(client, render, sentence, name, "en");
      // Accepted: the dictionary says the sentence with it, as a launch would; heard again.
      if (suggestion) after = await hear(new Lexicon([suggestion]).apply(sentence).text, name);
    }
    const row: Row = { name, heardAsSpelled: before.text, rightAsSpelled: before.right, suggestion: suggestion?.sayAs ?? null, heardWithSuggestion: after?.text ?? null, fixed: after?.right ?? false };
    rows.push(row);
    await save();
    console.log(`${name.padEnd(14)} ${before.right ? "right" : "wrong"}  "${before.text}"${suggestion ? `  → "${suggestion.sayAs}": ${after?.right ? "fixed" : "not fixed"} "${after?.text}"` : before.right ? "" : "  (no respelling heard right)"}`);
  }
} finally {
  await service.stop();
  await worker.stop();
}
console.log(JSON.stringify({ ...summarize(), rows: undefined }, null, 1));
