/**
 * node:http server: routes, auth, error mapping and per-request logs. Keep-alive 75 s with headersTimeout
 * above it, so a client whose idle timeout is shorter never reuses a socket the server is closing.
 */
import { randomUUID } from "node:crypto";
import http, { type ServerResponse } from "node:http";
import { ClientClosedError, TtsError } from "./errors";
import { handleHealthz, handleMetrics, handleReadyz } from "./handlers/health";
import { handleModels } from "./handlers/models";
import { handleRender } from "./handlers/render";
import { handleSpeech } from "./handlers/speech";
import { handleVoices } from "./handlers/voices";
import { createAuthCheck, readJsonBody, sendError } from "./http";
import { createRateLimiter } from "./rate-limit";
import type { RequestInfo, ServerContext } from "./context";

export type { EngineInfo, RequestInfo, ServerContext } from "./context";

export const KEEP_ALIVE_TIMEOUT_MS = 75_000;
export const HEADERS_TIMEOUT_MS = 76_000;
/** Time to receive a whole request (not to render it). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `body()` reads and parses the JSON body within the request timeout. */
type Route = (ctx: ServerContext, info: RequestInfo, res: ServerResponse, body: () => Promise<unknown>) => Promise<void> | void;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  "/healthz": { GET: (_ctx, _info, res) => handleHealthz(res) },
  "/readyz": { GET: (ctx, _info, res) => handleReadyz(ctx, res) },
  "/metrics": { GET: (ctx, _info, res) => handleMetrics(ctx, res) },
  "/v1/audio/voices": { GET: (ctx, _info, res) => handleVoices(ctx, res) },
  "/v1/models": { GET: (_ctx, _info, res) => handleModels(res) },
  "/v1/render": { POST: async (ctx, info, res, body) => handleRender(ctx, info, res, await body()) },
  "/v1/audio/speech": { POST: async (ctx, info, res, body) => handleSpeech(ctx, info, res, await body()) },
};

const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);
/** The OpenAI-compatible routes (and unknown paths under them): errors use OpenAI's envelope, so OpenAI clients can show them. */
const isOpenAiPath = (path: string) => path.startsWith("/v1/audio/") || path === "/v1/models";

export type ServerOptions = {
  /** Requests per minute per client address on every route but the probes; 0 = no limit. */
  rateLimitPerMinute?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
};

export function createServer(ctx: ServerContext, options: ServerOptions = {}): http.Server {
  const isAuthorized = createAuthCheck(ctx.token);
  const headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const limiter = options.rateLimitPerMinute ? createRateLimiter(options.rateLimitPerMinute) : null;
  const server = http.createServer({
    // Node checks the headers/request timeouts only this often (30 s by default), so short timeouts need a
    // shorter interval or slow senders outlive them.
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4))),
  }, async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0]!;
    const incomingId = req.headers["x-request-id"];
    const requestId = typeof incomingId === "string" && /^[\w.:-]{1,128}$/.test(incomingId) ? incomingId : randomUUID();
    const info: RequestInfo = { requestId };
    res.setHeader("x-request-id", requestId);
    try {
      const methods = ROUTES[path];
      if (!methods) throw new TtsError("not_found", `no route ${path}`);
      const route = methods[req.method ?? "GET"];
      if (!route) throw new TtsError("method_not_allowed", `${req.method} is not allowed on ${path}`);
      if (limiter && !QUIET_PATHS.has(path)) {
        // Before the token check, so guessing tokens is rate limited too.
        const decision = limiter.take(req.socket.remoteAddress ?? "unknown");
        if (!decision.allowed) throw new TtsError("rate_limited", "too many requests from this client; retry after the Retry-After delay", decision.retryAfterSeconds);
      }
      if (path !== "/healthz" && !isAuthorized(req)) {
        throw new TtsError("unauthorized", "send Authorization: Bearer <TTS_WORKER_TOKEN>");
      }
      await route(ctx, info, res, () => readJsonBody(req, requestTimeout));
    } catch (error) {
      if (error instanceof ClientClosedError) {
        // Nobody to answer: count it, but it is neither an error of ours nor of the request.
        ctx.metrics.recordCancelled(error.stage, error.piecesDropped);
        info.clientClosed = error.stage;
        // A stream given up on because its client stopped reading: close it.
        if (!res.writableEnded) res.destroy();
      } else {
        const ttsError = error instanceof TtsError ? error : new TtsError("internal_error", "internal error");
        if (!(error instanceof TtsError)) {
          ctx.log.error("unhandled error", { requestId, error: (error as Error).stack ?? String(error) });
        } else if (ttsError.code === "synthesis_failed") {
          ctx.log.error("synthesis failed", { requestId, error: ttsError.message });
        }
        ctx.metrics.recordError(ttsError.code);
        // A sender too slow to finish its body in time is not waited for any longer: close after the answer.
        if (ttsError.code === "request_timeout") res.shouldKeepAlive = false;
        if (!res.headersSent) sendError(res, ttsError, isOpenAiPath(path) ? "openai" : "tts");
        else res.destroy();
      }
      // Unread request bodies would otherwise hold the keep-alive socket.
      if (!req.complete && res.shouldKeepAlive) req.resume();
    }
    const fields = {
      ...info,
      method: req.method,
      path,
      // 499 (nginx's "client closed request") when the client left before its answer.
      status: info.clientClosed ? 499 : res.statusCode,
      durationMs: Math.round(performance.now() - started),
    };
    if (QUIET_PATHS.has(path) && res.statusCode < 400) ctx.log.debug("request", fields);
    else ctx.log.info("request", fields);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = headersTimeout;
  server.requestTimeout = requestTimeout;
  return server;
}
