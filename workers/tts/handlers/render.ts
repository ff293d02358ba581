import type { ServerResponse } from "node:http";
import { z } from "zod";
import {
  AUDIO_CONTENT_TYPES,
  languageOfVoice,
  LIMITS,
  parseVoiceMix,
  PROTOCOL_VERSION,
  RENDER_HEADERS,
  renderRequestSchema,
  type AudioFormat,
  type ParsedRenderRequest,
  voiceSpeaks,
} from "../../../lib/protocol/tts";
import { ClientClosedError, tooManyPiecesError, TtsError } from "../errors";
import { splitText } from "../text";
import type { EngineInfo, RequestInfo, ServerContext } from "../context";
import type { StreamSink, ThreadRenderRequest } from "../model-host";
import type { PoolResult } from "../pool";
import type { FileOnlyFormat } from "../synthesize";

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

/**
 * Shared by /v1/render and /v1/audio/speech: checks readiness, voice and the piece limit, then runs the
 * render through the pool on behalf of a client whose leaving cancels it. `onChunk` makes it a stream.
 */
export async function renderForClient(
  ctx: ServerContext,
  info: RequestInfo,
  res: ServerResponse,
  request: ThreadRenderRequest & { language?: string },
  onChunk?: StreamSink,
): Promise<PoolResult & { engine: EngineInfo }> {
  const engine = ctx.state.engine;
  if (ctx.state.status === "draining") throw new TtsError("shutting_down", "the worker is shutting down");
  if (ctx.state.status !== "ready" || !engine || !ctx.pool) throw new TtsError("not_ready", "the model is still loading");
  const parsed = parseVoiceMix(request.voice);
  const unknown = parsed.ok ? parsed.parts.find((part) => !engine.voices.includes(part.voice))?.voice : request.voice;
  if (unknown !== undefined) {
    // Kokoro has voices in languages this worker cannot phonemize yet ("ff_siwis"): say so rather than "unknown".
    const language = languageOfVoice(unknown);
    const why = language && !language.phonemizer ? ` (a ${language.name} voice: this worker does not speak ${language.name} yet)` : "";
    throw new TtsError("unknown_voice", `unknown voice "${unknown}"${why}; GET /v1/audio/voices lists the voices`, undefined, "voice");
  }
  if (request.language !== undefined && !voiceSpeaks(request.voice, request.language)) {
    const speaks = languageOfVoice(request.voice)?.language ?? "another language";
    throw new TtsError(
      "voice_language_mismatch",
      `voice "${request.voice}" speaks ${speaks}, not ${request.language}; choose a voice whose language is ${request.language} (GET /v1/audio/voices lists each voice's language)`,
      undefined,
      "voice",
    );
  }
  // Refused before it queues: the same split the model thread makes, so no piece of it is ever rendered.
  const pieces = splitText(request.text, undefined, languageOfVoice(request.voice)?.language).length;
  if (pieces > LIMITS.maxTextPieces) throw tooManyPiecesError(pieces);
  info.chars = request.text.length;
  info.queued = ctx.pool.stats().queued;
  const clientGone = clientGoneSignal(res);
  const result = await ctx.pool
    .submit(request, { signal: clientGone.signal, onChunk })
    .catch((error: unknown) => {
      // Dropped from the queue: none of its pieces was rendered.
      throw error instanceof ClientClosedError && error.stage === "queued" ? new ClientClosedError("queued", pieces) : error;
    })
    .finally(clientGone.dispose);
  Object.assign(info, { audioMs: result.audioMs, generationMs: result.generationMs, queueMs: result.queueMs, chunks: result.chunks });
  ctx.metrics.recordRender(engine.engine, request.format, result.generationMs, result.audioMs, result.queueMs);
  return { ...result, engine };
}

export function audioContentType(format: AudioFormat | FileOnlyFormat, sampleRate: number): string {
  if (format === "flac") return "audio/flac";
  if (format === "opus") return "audio/ogg; codecs=opus";
  return AUDIO_CONTENT_TYPES[format] + (format === "pcm" ? `;rate=${sampleRate};channels=1` : "");
}

/** The whole render in one response with its length and timings. */
export async function renderAndRespond(
  ctx: ServerContext,
  info: RequestInfo,
  res: ServerResponse,
  request: ParsedRenderRequest | (Omit<ParsedRenderRequest, "format"> & { format: FileOnlyFormat }),
  headers: Record<string, string> = {},
): Promise<void> {
  const result = await renderForClient(ctx, info, res, request);
  res.writeHead(200, {
    "content-type": audioContentType(request.format, result.sampleRate),
    "content-length": result.bytes.byteLength,
    "cache-control": "no-store",
    [RENDER_HEADERS.sampleRate]: String(result.sampleRate),
    [RENDER_HEADERS.audioMs]: String(result.audioMs),
    [RENDER_HEADERS.generationMs]: String(result.generationMs),
    [RENDER_HEADERS.queueMs]: String(result.queueMs),
    [RENDER_HEADERS.engine]: result.engine.engine,
    [RENDER_HEADERS.modelVersion]: result.modelVersion,
    [RENDER_HEADERS.protocolVersion]: String(PROTOCOL_VERSION),
    ...headers,
  });
  res.end(result.bytes);
}

// POST /v1/render: the wire contract of lib/protocol/tts.ts → audio bytes + render headers
export async function handleRender(ctx: ServerContext, info: RequestInfo, res: ServerResponse, body: unknown): Promise<void> {
  await renderAndRespond(ctx, info, res, parseWith(renderRequestSchema, body));
}
