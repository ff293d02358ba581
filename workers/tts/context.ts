/** Types shared by the server and its handlers (kept apart so handlers do not import the server). */
import type { Engine } from "../../lib/protocol/tts";
import type { Logger } from "./log";
import type { Metrics } from "./metrics";
import type { RenderPool } from "./pool";

export type EngineInfo = {
  engine: Engine;
  modelId: string;
  modelVersion: string;
  voices: string[];
  sampleRate: number;
  warning?: string;
};

export type ServerContext = {
  log: Logger;
  metrics: Metrics;
  pool: RenderPool | null;
  threads: number;
  intraOpThreads: number;
  token: string | undefined;
  state: { status: "starting" | "ready" | "draining"; engine: EngineInfo | null };
};

/** What the per-request log line carries; handlers fill in what they learn. Never the text itself. */
export type RequestInfo = {
  requestId: string;
  chars?: number;
  audioMs?: number;
  generationMs?: number;
  queueMs?: number;
  queued?: number;
  chunks?: number;
  /** Set when the client left before its answer, at this stage. */
  clientClosed?: "upload" | "queued" | "running";
};

