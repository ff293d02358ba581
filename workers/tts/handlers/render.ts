import type { ServerResponse } from "node:http";
import { z } from "zod";
import {
  AUDIO_CONTENT_TYPES,
  LIMITS,
  PROTOCOL_VERSION,
  RENDER_HEADERS,
  renderRequestSchema,
  type ParsedRenderRequest,
} from "../../../lib/protocol/tts";
import { ClientClosedError, tooManyPiecesError, TtsError } from "../errors";
import { splitText } from "../text";
import type { RequestInfo, ServerContext } from "../context";

/** First zod issue as "field: message", so a 400 says exactly what to change. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}

export function parseWith<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join(".");
    throw new TtsError("invalid_request", describeZodError(parsed.error), undefined, field || undefined);
  }
  return parsed.data;
}

/** Aborts when the client closes the connection before the whole answer was sent. */
function clientGoneSignal(res: ServerResponse): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) controller.abort();
  };
  res.once("close", onClose);
  return { signal: controller.signal, dispose: () => res.off("close", onClose) };
}

/** Shared by /v1/render and /v1/audio/speech: check readiness and voice, run through the pool, answer audio. */
export async function renderAndRespond(
  ctx: ServerContext,
  info: RequestInfo,
  res: ServerResponse,
  request: ParsedRenderRequest,
): Promise<void> {
  const engine = ctx.state.engine;
  if (ctx.state.status === "draining") throw new TtsError("shutting_down", "the worker is shutting down");
  if (ctx.state.status !== "ready" || !engine || !ctx.pool) throw new TtsError("not_ready", "the model is still loading");
  if (!engine.voices.includes(request.voice)) {
    throw new TtsError("unknown_voice", `unknown voice "${request.voice}"; GET /v1/audio/voices lists the voices`, undefined, "voice");
  }
  // Refused before it queues: the same split the model thread makes, so no piece of it is ever rendered.
  const pieces = splitText(request.text).length;
  if (pieces > LIMITS.maxTextPieces) throw tooManyPiecesError(pieces);
  info.chars = request.text.length;
  info.queued = ctx.pool.stats().queued;
  const clientGone = clientGoneSignal(res);
  const result = await ctx.pool
    .submit(request, clientGone.signal)
    .catch((error: unknown) => {
      // Dropped from the queue: none of its pieces was rendered.
      throw error instanceof ClientClosedError && error.stage === "queued" ? new ClientClosedError("queued", pieces) : error;
    })
    .finally(clientGone.dispose);
  Object.assign(info, { audioMs: result.audioMs, generationMs: result.generationMs, queueMs: result.queueMs, chunks: result.chunks });
  ctx.metrics.recordRender(engine.engine, request.format, result.generationMs, result.audioMs, result.queueMs);
  res.writeHead(200, {
    "content-type": AUDIO_CONTENT_TYPES[request.format] + (request.format === "pcm" ? `;rate=${result.sampleRate};channels=1` : ""),
    "content-length": result.bytes.byteLength,
    "cache-control": "no-store",
    [RENDER_HEADERS.sampleRate]: String(result.sampleRate),
    [RENDER_HEADERS.audioMs]: String(result.audioMs),
    [RENDER_HEADERS.generationMs]: String(result.generationMs),
    [RENDER_HEADERS.queueMs]: String(result.queueMs),
    [RENDER_HEADERS.engine]: engine.engine,
    [RENDER_HEADERS.modelVersion]: result.modelVersion,
    [RENDER_HEADERS.protocolVersion]: String(PROTOCOL_VERSION),
  });
  res.end(result.bytes);
}

// POST /v1/render: the wire contract of lib/protocol/tts.ts → audio bytes + render headers
export async function handleRender(ctx: ServerContext, info: RequestInfo, res: ServerResponse, body: unknown): Promise<void> {
  await renderAndRespond(ctx, info, res, parseWith(renderRequestSchema, body));
}
