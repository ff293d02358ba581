/**
 * Streaming speech: time to the first audio byte ÷ time to the whole audio, for a 1,000-character reply
 * through POST /v1/audio/speech with `stream_format: "audio"`, same worker, same model, same run.
 */
import { startTestWorker } from "../../harness/worker-process";

const SENTENCES = [
  "Thanks for calling Bright Smile Dental.",
  "Your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.",
  "Please arrive ten minutes early so we can update your records.",
  "Bring your insurance card and a list of the medicines you take.",
  "If you need to reschedule, call us at least one day ahead.",
  "Our office is on the second floor, next to the pharmacy.",
  "Parking is free in the lot behind the building.",
  "If you have a fever or a cough, please tell us before you come.",
];

/** About 1,000 characters of the sentences above, cut at a sentence. */
export function streamingBenchText(chars = 1_000): string {
  let text = "";
  for (let i = 0; text.length < chars; i++) text += (text ? " " : "") + SENTENCES[i % SENTENCES.length];
  return text;
}

export async function benchStreaming(modelDir: string, runs = 3) {
  const text = streamingBenchText();
  const worker = await startTestWorker({ modelDir, threads: 1 });
  try {
    const samples: { firstMs: number; fullMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const res = await fetch(`${worker.url}/v1/audio/speech`, {
        method: "POST",
        headers: { "content-type": "application/json", ...worker.authHeaders },
        body: JSON.stringify({ model: "kokoro", voice: "af_heart", input: text, response_format: "pcm", stream_format: "audio" }),
      });
      if (res.status !== 200) throw new Error(`streaming speech answered ${res.status}: ${await res.text()}`);
      let firstMs: number | null = null;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (firstMs === null && chunk.length > 0) firstMs = performance.now() - started;
      }
      samples.push({ firstMs: firstMs ?? Number.NaN, fullMs: performance.now() - started });
    }
    const ratios = samples.map((s) => s.firstMs / s.fullMs).sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    return {
      chars: text.length,
      runs: samples.map((s) => ({ firstMs: Math.round(s.firstMs), fullMs: Math.round(s.fullMs) })),
      firstOverFull: Math.round(median * 1000) / 1000,
      target: 0.2,
    };
  } finally {
    await worker.stop();
  }
}
