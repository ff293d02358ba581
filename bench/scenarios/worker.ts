/**
 * Scenarios 4-5: worker throughput over HTTP at several concurrencies and thread layouts against the model
 * called directly in a loop in this process, and keep-alive against a new connection per request.
 */
import os from "node:os";
import pLimit from "p-limit";
import { WorkerPool } from "@/lib/worker-client";
import { startTestWorker } from "../../harness/worker-process";
import { loadKokoroDir } from "../model";

/** One sentence of the reference campaign: a render is one segment, as in a real campaign. */
export const SENTENCES = [
  "Hi Maria, this is Bright Smile Dental.",
  "Your appointment with Doctor Patel is on Tuesday, March third at two thirty PM.",
  "Please bring your insurance card.",
  "Press one to confirm or two to reschedule.",
];

/** Renders per second of the model called in a loop on this thread, with intra-op threads = cores. */
export async function measureDirect(modelDir: string, renders: number): Promise<number> {
  const engine = await loadKokoroDir(modelDir, os.availableParallelism(), "direct");
  try {
    await engine.synthesizeChunk(SENTENCES[0]!, "af_heart", 1);
    const started = performance.now();
    for (let i = 0; i < renders; i++) await engine.synthesizeChunk(SENTENCES[i % SENTENCES.length]!, "af_heart", 1);
    return renders / ((performance.now() - started) / 1000);
  } finally {
    await engine.dispose?.();
  }
}

export async function benchWorkerThroughput(modelDir: string, renders = 16) {
  const cores = os.availableParallelism();
  const direct = await measureDirect(modelDir, renders);
  const layouts = [
    { threads: cores, intraOpThreads: 1 },
    { threads: 1, intraOpThreads: cores },
  ];
  const sweep: { threads: number; intraOpThreads: number; concurrency: number; rendersPerSec: number }[] = [];
  for (const layout of layouts) {
    const worker = await startTestWorker({ modelDir, threads: layout.threads, intraOpThreads: layout.intraOpThreads, maxQueue: 64 });
    try {
      for (const concurrency of [1, 2, 4, 8]) {
        const rate = await measureHttpUncapped(worker.url, worker.authHeaders, renders, concurrency);
        sweep.push({ ...layout, concurrency, rendersPerSec: round(rate) });
      }
    } finally {
      await worker.stop();
    }
  }
  const best = Math.max(...sweep.map((s) => s.rendersPerSec));
  const oneAtATime = sweep.find((s) => s.concurrency === 1 && s.threads === cores)!.rendersPerSec;
  return { direct: round(direct), best, ratio: round(best / direct, 3), target: 0.9, parallelVsSequential: round(best / oneAtATime), sweep };
}

/** Concurrency exactly as given: a keep-alive agent without the pool's readiness-based cap. */
export async function measureHttpUncapped(
  url: string,
  headers: Record<string, string>,
  renders: number,
  concurrency: number,
  { warm = true }: { warm?: boolean } = {},
): Promise<number> {
  const { Agent, request } = await import("undici");
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  const send = async (text: string) => {
    const res = await request(`${url}/v1/render`, {
      method: "POST",
      dispatcher: agent,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ text, voice: "af_heart", format: "pcm" }),
    });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`render failed with ${res.statusCode}`);
  };
  if (warm) await send(SENTENCES[0]!);
  const limit = pLimit(concurrency);
  const started = performance.now();
  await Promise.all(Array.from({ length: renders }, (_, i) => limit(() => send(SENTENCES[i % SENTENCES.length]!))));
  const rate = renders / ((performance.now() - started) / 1000);
  await agent.close();
  return rate;
}

/** The same 200 sequential requests with one keep-alive connection and with a new connection each. */
export async function benchKeepAlive(fastModelDir: string, requests = 200) {
  const worker = await startTestWorker({ modelDir: fastModelDir, threads: 1 });
  try {
    const time = async (keepAlive: boolean) => {
      const pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined, keepAlive });
      await pool.probe();
      await pool.render({ text: "Hi.", voice: "af_heart", format: "pcm" });
      const started = performance.now();
      for (let i = 0; i < requests; i++) {
        const r = await pool.render({ text: "Hi.", voice: "af_heart", format: "pcm" });
        if (!r.ok) throw new Error(r.error.message);
      }
      const ms = performance.now() - started;
      await pool.close();
      return ms;
    };
    const newConnectionMs = await time(false);
    const keepAliveMs = await time(true);
    return { requests, keepAliveMs: Math.round(keepAliveMs), newConnectionMs: Math.round(newConnectionMs), ratio: round(newConnectionMs / keepAliveMs, 3) };
  } finally {
    await worker.stop();
  }
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
