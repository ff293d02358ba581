/**
 * `npm run bench -- speech`: how well a listener understands each voice. Twenty reminder sentences of our own
 * (names of several origins, dates, times, phone numbers, money, addresses, drug names), each put through the
 * product's speech normalisation as a campaign would, rendered by a real worker with the real Kokoro weights
 * and with the built-in offline voice, and transcribed by an offline recogniser (faster-whisper, Whisper
 * tiny.en, beam 5). Reports word error rate after Whisper's English normalisation (see
 * harness/speech/transcribe.py) and, per kind of entity, how many were heard right.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalizeForSpeech } from "@/lib/speech/normalize";
import { transcribe, type AsrItem, type AsrReport } from "../../harness/asr";
import { ensurePython } from "../../harness/python-env";
import { postToWorker, startTestWorker } from "../../harness/worker-process";

type Sentence = { text: string; entities: Partial<Record<EntityKind, string>> };
export type EntityKind = "name" | "date" | "time" | "phone" | "money" | "address" | "drug";

export const SPEECH_SENTENCES: Sentence[] = [
  { text: "Hi Maria, your appointment with Dr. Patel is on Tuesday, March 3 at 2:30 PM.", entities: { name: "Maria", date: "March 3", time: "2:30 PM" } },
  { text: "Hello Chidi Okafor, this is Riverside Dental reminding you of your cleaning on Monday, April 14.", entities: { name: "Chidi Okafor", date: "April 14" } },
  { text: "Hi Mohammed Ahmed, your visit with Dr. Nguyen is on Friday at 9:15 AM.", entities: { name: "Mohammed Ahmed", time: "9:15 AM" } },
  { text: "Good morning Siobhan, please call us at (512) 555-0142 to confirm.", entities: { name: "Siobhan", phone: "512 555 0142" } },
  { text: "Hi Wei Zhang, your appointment is on June 21 at 11 AM.", entities: { name: "Wei Zhang", date: "June 21", time: "11 AM" } },
  { text: "Hello Priya Raman, your balance of $45.50 is due at your next visit.", entities: { name: "Priya Raman", money: "$45.50" } },
  { text: "Hi Jürgen Müller, your follow-up is on Thursday, October 9 at 4:45 PM.", entities: { name: "Jurgen Muller", date: "October 9", time: "4:45 PM" } },
  { text: "Please bring your amoxicillin and a list of your other medicines.", entities: { drug: "amoxicillin" } },
  { text: "Your prescription for metformin is ready for pickup.", entities: { drug: "metformin" } },
  { text: "Hi Lucía Hernández, we moved your appointment to Wednesday, May 7 at 10:30 AM.", entities: { name: "Lucia Hernandez", date: "May 7", time: "10:30 AM" } },
  { text: "Our new office is at 1420 Oak Street, Suite 210.", entities: { address: "Oak Street" } },
  { text: "Hello Kwame Mensah, your lab results are ready; call 415-555-0199.", entities: { name: "Kwame Mensah", phone: "415 555 0199" } },
  { text: "Hi Aiko Tanaka, please arrive fifteen minutes early on December 2.", entities: { name: "Aiko Tanaka", date: "December 2" } },
  { text: "Your copay for this visit is $20.", entities: { money: "$20" } },
  { text: "Hi Olivia Brown, your child's vaccination is on Saturday, August 16 at 8:00 AM.", entities: { name: "Olivia Brown", date: "August 16", time: "8 AM" } },
  { text: "Please stop taking ibuprofen three days before your procedure.", entities: { drug: "ibuprofen" } },
  { text: "Hello Dmitri Volkov, Dr. Schultz will see you on Monday, January 12 at 1:00 PM.", entities: { name: "Dmitri Volkov", date: "January 12", time: "1 PM" } },
  { text: "Hi Fatima Al-Sayed, reply or call 212-555-0175 if you need to reschedule.", entities: { name: "Fatima", phone: "212 555 0175" } },
  { text: "Your refill of lisinopril costs $12.75 with your insurance.", entities: { drug: "lisinopril", money: "$12.75" } },
  { text: "Hi Mateo García, we look forward to seeing you at 300 Main Street on July 4.", entities: { name: "Mateo Garcia", address: "Main Street", date: "July 4" } },
];

type VoiceResult = {
  voice: string;
  engine: string;
  modelVersion: string;
  wer: number;
  words: number;
  errors: number;
  entities: Record<string, { heard: number; total: number; accuracy: number }>;
  misheard: { sentence: number; kind: string; expected: string; heard: string }[];
  audioSeconds: number;
  asrSecondsPerAudioSecond: number;
};

async function renderAndListen(python: string, engine: "kokoro" | "builtin", modelDir: string | undefined, voice: string): Promise<VoiceResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-speech-${engine}-`));
  const worker = await startTestWorker({ engine, ...(modelDir ? { modelDir } : {}), threads: 2, readyTimeoutMs: 300_000 });
  const items: AsrItem[] = [];
  try {
    for (const [i, sentence] of SPEECH_SENTENCES.entries()) {
      const spoken = normalizeForSpeech(sentence.text);
      const res = await postToWorker(worker, "/v1/render", { text: spoken, voice, format: "wav" });
      if (res.status !== 200) throw new Error(`${engine} render ${i} answered ${res.status}: ${res.bytes.toString("utf8")}`);
      const wav = path.join(dir, `${i}.wav`);
      writeFileSync(wav, res.bytes);
      items.push({ id: String(i), wav, reference: spoken, entities: sentence.entities as Record<string, string> });
    }
  } finally {
    await worker.stop();
  }
  const report: AsrReport = await transcribe(python, items, { threads: os.availableParallelism() });
  const entities: VoiceResult["entities"] = {};
  const misheard: VoiceResult["misheard"] = [];
  for (const item of report.items) {
    for (const [kind, e] of Object.entries(item.entities)) {
      const tally = (entities[kind] ??= { heard: 0, total: 0, accuracy: 0 });
      tally.total++;
      if (e.heard) tally.heard++;
      else misheard.push({ sentence: Number(item.id), kind, expected: e.expected, heard: item.hypothesis });
    }
  }
  for (const tally of Object.values(entities)) tally.accuracy = Number((tally.heard / tally.total).toFixed(3));
  const audio = report.items.reduce((s, i) => s + i.audio_seconds, 0);
  const asr = report.items.reduce((s, i) => s + i.asr_seconds, 0);
  return {
    voice,
    engine: worker.readiness.engine,
    modelVersion: worker.readiness.modelVersion,
    wer: Number(report.wer.toFixed(4)),
    words: report.words,
    errors: report.errors,
    entities,
    misheard,
    audioSeconds: Number(audio.toFixed(1)),
    asrSecondsPerAudioSecond: Number((asr / audio).toFixed(3)),
  };
}

export async function benchSpeech(realModelDir: string | null, log: (line: string) => void) {
  const python = await ensurePython("asr", log);
  const voices: VoiceResult[] = [];
  if (realModelDir) {
    log("speech: the real Kokoro voice (af_heart)…");
    voices.push(await renderAndListen(python, "kokoro", realModelDir, "af_heart"));
  } else {
    log("speech: the real Kokoro weights are not installed (npm run model:download); measuring the built-in voice only");
  }
  log("speech: the built-in offline voice (af_basic)…");
  voices.push(await renderAndListen(python, "builtin", undefined, "af_basic"));
  return { recogniser: "faster-whisper, Whisper tiny.en (int8), beam 5", sentences: SPEECH_SENTENCES.length, voices };
}
