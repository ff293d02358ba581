import { env } from "@/lib/env";
import { WorkerPool } from "./pool";

export { WorkerPool, backoffMs, type RenderedAudio, type RenderFailure, type SpeechStream, type WorkerPoolStatus, type WorkerPoolOptions } from "./pool";

type Holder = { __voiceWorkerPool?: WorkerPool };
const holder = globalThis as Holder;

/** The process's worker pool (one keep-alive agent for all dispatch and audition requests). */
export function getWorkerPool(): WorkerPool {
  holder.__voiceWorkerPool ??= new WorkerPool({ urls: env.TTS_WORKER_URLS, token: env.TTS_WORKER_TOKEN, ca: env.TTS_WORKER_CA });
  return holder.__voiceWorkerPool;
}

/** Fresh readiness of the configured workers, probing when none is known to be ready. */
export async function getWorkerPoolStatus(pool = getWorkerPool()) {
  if (!pool.info()) await pool.probe();
  return pool.info();
}
