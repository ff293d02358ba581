/**
 * `npm run bench -- speech`: how well a listener understands each voice. Twenty reminder sentences of our own
 * (names of several origins, dates, times, phone numbers, money, addresses, drug names), each put through the
 * product's speech normalisation as a campaign would, rendered by a real worker with the real Kokoro weights
 * and with the built-in offline voice, and transcribed by an offline recogniser (faster-whisper, Whisper
 * tiny.en, beam 5). Reports word error rate after Whisper's English normalisation (see
 * harness/speech/transcribe.py) and, per kind of entity, how many were heard right.
 *
 * `npm run bench -- speech-es`: the same for Spanish: twenty reminder sentences as a Latin American clinic writes
 * them, normalised by lib/speech/es, rendered by the real Kokoro Spanish voice (ef_dora, eSpeak NG es-419
 * phonemes) and heard by the multilingual Whisper base (beam 5, language es) after Spanish normalisation. The
 * built-in offline voice's Spanish (ef_basic) is not measured: it is the fallback, and Kokoro is the product.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { normalizeForSpeech } from "@/lib/speech";
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

/**
 * Spanish reminders of our own, as written (digits, "p. m.", "$", titles); entities in the words they are said
 * with, which the recogniser's Spanish normalisation compares with what it heard.
 */
export const SPANISH_SPEECH_SENTENCES: Sentence[] = [
  { text: "Hola Lucía, le recordamos su cita con la Dra. Pérez el martes 3 de marzo a las 2:30 p. m.", entities: { name: "Lucía", date: "tres de marzo", time: "dos y media de la tarde" } },
  { text: "Buenos días, Sr. Hernández. Su cita es el lunes 14 de abril a las 9:00 a. m.", entities: { name: "Hernández", date: "catorce de abril", time: "nueve de la mañana" } },
  { text: "Sra. Muñoz, llame al (512) 555-0142 para confirmar su cita.", entities: { name: "Muñoz", phone: "cinco uno dos, cinco cinco cinco, cero uno cuatro dos" } },
  { text: "Hola Mateo García, su próxima visita es el viernes 6 de junio a la 1:00 p. m.", entities: { name: "Mateo García", date: "seis de junio", time: "una de la tarde" } },
  { text: "Su copago para esta visita es de $25.50.", entities: { money: "veinticinco dólares con cincuenta centavos" } },
  { text: "Hola Valentina Rodríguez, su cita con el Dr. Smith cambió al miércoles 7 de mayo a las 10:30 a. m.", entities: { name: "Valentina Rodríguez", date: "siete de mayo", time: "diez y media de la mañana" } },
  { text: "Srta. Gómez, sus resultados de laboratorio están listos. Llame al 415-555-0199.", entities: { name: "Gómez", phone: "cuatro uno cinco, cinco cinco cinco, cero uno nueve nueve" } },
  { text: "Por favor, llegue quince minutos antes de su cita del 2 de diciembre.", entities: { date: "dos de diciembre" } },
  { text: "Hola José Martínez, su saldo pendiente es de $120.", entities: { name: "José Martínez", money: "ciento veinte dólares" } },
  { text: "La vacuna de su hijo es el sábado 16 de agosto a las 8:00 a. m.", entities: { date: "dieciséis de agosto", time: "ocho de la mañana" } },
  { text: "El Lic. Ramírez la atenderá el jueves 9 de octubre a las 4:45 p. m.", entities: { name: "Ramírez", date: "nueve de octubre", time: "cuatro y cuarenta y cinco de la tarde" } },
  { text: "Hola Camila Torres, su receta está lista para recoger en la farmacia.", entities: { name: "Camila Torres" } },
  { text: "Si necesita cambiar su cita, llame al 212-555-0175.", entities: { phone: "dos uno dos, cinco cinco cinco, cero uno siete cinco" } },
  { text: "Su cita de seguimiento es el martes 21 de julio a las 14:30.", entities: { date: "veintiuno de julio", time: "dos y media de la tarde" } },
  { text: "Hola Sofía López, la Dra. Nguyen la verá el lunes 12 de enero a las 11:15 a. m.", entities: { name: "Sofía López", date: "doce de enero", time: "once y cuarto de la mañana" } },
  { text: "El costo de su consulta es de $75 con su seguro.", entities: { money: "setenta y cinco dólares" } },
  { text: "Hola Diego Fernández, lo esperamos el viernes 27 de febrero a las 3:00 p. m.", entities: { name: "Diego Fernández", date: "veintisiete de febrero", time: "tres de la tarde" } },
  { text: "Traiga su tarjeta del seguro y una identificación con foto.", entities: {} },
  { text: "Hola Ana Morales, su cita dental es el miércoles 18 de noviembre a las 9:30 a. m.", entities: { name: "Ana Morales", date: "dieciocho de noviembre", time: "nueve y media de la mañana" } },
  { text: "Su reembolso de $12.75 ya fue enviado. ¡Gracias por su visita!", entities: { money: "doce dólares con setenta y cinco centavos" } },
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

type SpeechSet = { language: "en" | "es"; sentences: Sentence[]; recogniser: "tiny.en" | "base" };
const ENGLISH_SET: SpeechSet = { language: "en", sentences: SPEECH_SENTENCES, recogniser: "tiny.en" };
const SPANISH_SET: SpeechSet = { language: "es", sentences: SPANISH_SPEECH_SENTENCES, recogniser: "base" };

async function renderAndListen(python: string, engine: "kokoro" | "builtin", modelDir: string | undefined, voice: string, set: SpeechSet = ENGLISH_SET): Promise<VoiceResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-speech-${engine}-`));
  const worker = await startTestWorker({ engine, ...(modelDir ? { modelDir } : {}), threads: 2, readyTimeoutMs: 300_000 });
  const items: AsrItem[] = [];
  try {
    for (const [i, sentence] of set.sentences.entries()) {
      const spoken = normalizeForSpeech(sentence.text, { language: set.language });
      const res = await postToWorker(worker, "/v1/render", { text: spoken, voice, format: "wav", ...(set.language === "en" ? {} : { language: set.language }) });
      if (res.status !== 200) throw new Error(`${engine} render ${i} answered ${res.status}: ${res.bytes.toString("utf8")}`);
      const wav = path.join(dir, `${i}.wav`);
      writeFileSync(wav, res.bytes);
      items.push({ id: String(i), wav, reference: spoken, language: set.language, entities: sentence.entities as Record<string, string> });
    }
  } finally {
    await worker.stop();
  }
  const report: AsrReport = await transcribe(python, items, { model: set.recogniser, threads: os.availableParallelism() });
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

/** Spanish with the real Kokoro Spanish voice; nothing is measured without the real weights. */
export async function benchSpeechSpanish(realModelDir: string | null, log: (line: string) => void) {
  const python = await ensurePython("asr", log);
  const voices: VoiceResult[] = [];
  if (realModelDir) {
    log("speech-es: the real Kokoro Spanish voice (ef_dora)…");
    voices.push(await renderAndListen(python, "kokoro", realModelDir, "ef_dora", SPANISH_SET));
  } else {
    log("speech-es: the real Kokoro weights are not installed (npm run model:download); nothing to measure");
  }
  return { recogniser: "faster-whisper, multilingual Whisper base (int8), beam 5, language es", sentences: SPANISH_SPEECH_SENTENCES.length, voices };
}
