import type { ServerResponse } from "node:http";
import { PROTOCOL_VERSION, type Readiness } from "../../../lib/protocol/tts";
import { TtsError } from "../errors";
import { sendError, sendJson } from "../http";
import type { ServerContext } from "../context";

// GET /healthz: the process is alive (never touches the model, so it answers while every thread is busy)
export function handleHealthz(res: ServerResponse): void {
  sendJson(res, 200, { status: "ok" });
}

// GET /readyz: model loaded and warmed up; what the dispatcher needs to size its concurrency
export function handleReadyz(ctx: ServerContext, res: ServerResponse): void {
  if (ctx.state.status === "draining") return sendError(res, new TtsError("shutting_down", "the worker is shutting down"));
  const engine = ctx.state.engine;
  if (ctx.state.status !== "ready" || !engine || !ctx.pool) {
    return sendError(res, new TtsError("not_ready", "the model is still loading"));
  }
  const stats = ctx.pool.stats();
  const body: Readiness = {
    status: "ready",
    protocolVersion: PROTOCOL_VERSION,
    engine: engine.engine,
    modelId: engine.modelId,
    modelVersion: engine.modelVersion,
    ...(engine.warning ? { warning: engine.warning } : {}),
    voices: engine.voices,
    sampleRate: engine.sampleRate,
    capacity: stats.capacity,
    inFlight: stats.inFlight,
    queued: stats.queued,
    maxQueue: stats.maxQueue,
    meanGenerationMsPerAudioSecond: stats.meanGenerationMsPerAudioSecond,
    threads: ctx.threads,
    intraOpThreads: ctx.intraOpThreads,
  };
  sendJson(res, 200, body);
}

// GET /metrics: Prometheus text
export function handleMetrics(ctx: ServerContext, res: ServerResponse): void {
  const text = ctx.metrics.render(ctx.pool?.stats() ?? null, {
    engine: ctx.state.engine?.engine ?? "none",
    modelVersion: ctx.state.engine?.modelVersion ?? "none",
    ready: ctx.state.status === "ready",
  });
  res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
