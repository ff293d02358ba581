/**
 * THE wire contract between the web side and the TTS worker (workers/tts). Both processes load this file,
 * so it imports zod and nothing else. Callers build payloads with `satisfies RenderRequest`; the worker
 * parses every body with these schemas and the client parses every response with them too.
 */
import { z } from "zod";

/** Bumped on any incompatible change; sent by the worker in `x-tts-protocol-version` and in /readyz. */
export const PROTOCOL_VERSION = 1;

export const LIMITS = Object.freeze({
  /** The worker splits long text into sentences itself, so this only bounds one request's work. */
  maxTextChars: 20_000,
  minSpeed: 0.5,
  maxSpeed: 2.0,
  /** Request bodies above this are answered 413 before they are parsed. */
  maxBodyBytes: 256 * 1024,
  /** kokoro-js `generate()` silently truncates past this many tokens; the worker never sends more. */
  maxModelTokens: 510,
});

/**
 * Longest piece of text handed to the model in one call, on both sides: the web side splits messages into
 * segments no longer than this, the worker splits any request into chunks no longer than this. Kokoro
 * silently truncates past 510 tokens; English speech runs at roughly one phoneme token per character, so
 * 300 characters keeps a wide margin.
 */
export const MAX_TEXT_PIECE_CHARS = 300;

export const AUDIO_FORMATS = ["wav", "pcm", "mp3", "mulaw"] as const;
export const audioFormatSchema = z.enum(AUDIO_FORMATS);
export type AudioFormat = z.infer<typeof audioFormatSchema>;

/** Content type of each render format. `pcm` is raw signed 16-bit little-endian mono at the header's rate. */
export const AUDIO_CONTENT_TYPES: Readonly<Record<AudioFormat, string>> = Object.freeze({
  wav: "audio/wav",
  pcm: "audio/L16",
  mp3: "audio/mpeg",
  mulaw: "audio/wav",
});

const textSchema = z
  .string()
  .max(LIMITS.maxTextChars, `text must be at most ${LIMITS.maxTextChars} characters`)
  .refine((text) => text.trim().length > 0, "text must not be empty");

const speedSchema = z
  .number()
  .min(LIMITS.minSpeed, `speed must be between ${LIMITS.minSpeed} and ${LIMITS.maxSpeed}`)
  .max(LIMITS.maxSpeed, `speed must be between ${LIMITS.minSpeed} and ${LIMITS.maxSpeed}`);

const voiceSchema = z
  .string()
  .min(1, "voice must not be empty")
  .max(64)
  .regex(/^[a-z0-9_+-]+$/i, "voice must be a voice id such as af_heart");

// POST /v1/render
export const renderRequestSchema = z.strictObject({
  text: textSchema,
  voice: voiceSchema,
  speed: speedSchema.default(1),
  format: audioFormatSchema.default("wav"),
});
/** What a caller sends (speed and format may be omitted). */
export type RenderRequest = z.input<typeof renderRequestSchema>;
/** What the worker works with after parsing. */
export type ParsedRenderRequest = z.output<typeof renderRequestSchema>;

export const ENGINES = ["kokoro", "espeak"] as const;
export const engineSchema = z.enum(ENGINES);
export type Engine = z.infer<typeof engineSchema>;

/** Response headers of a successful render (lower-case, as node:http and fetch expose them). */
export const RENDER_HEADERS = Object.freeze({
  sampleRate: "x-tts-sample-rate",
  audioMs: "x-tts-audio-ms",
  generationMs: "x-tts-generation-ms",
  queueMs: "x-tts-queue-ms",
  engine: "x-tts-engine",
  modelVersion: "x-tts-model-version",
  requestId: "x-request-id",
  protocolVersion: "x-tts-protocol-version",
});

const intHeader = z.coerce.number().int().nonnegative();
export const renderResponseHeadersSchema = z.object({
  sampleRate: intHeader.positive(),
  audioMs: intHeader,
  generationMs: intHeader,
  queueMs: intHeader.optional(),
  engine: engineSchema,
  modelVersion: z.string().min(1),
  requestId: z.string().min(1),
});
export type RenderResponseHeaders = z.infer<typeof renderResponseHeadersSchema>;

/** Reads the render headers from a fetch `Headers` (or anything with `get`) and validates them. */
export function parseRenderResponseHeaders(headers: { get(name: string): string | null }): RenderResponseHeaders {
  const pick = (name: string) => headers.get(name) ?? undefined;
  return renderResponseHeadersSchema.parse({
    sampleRate: pick(RENDER_HEADERS.sampleRate),
    audioMs: pick(RENDER_HEADERS.audioMs),
    generationMs: pick(RENDER_HEADERS.generationMs),
    queueMs: pick(RENDER_HEADERS.queueMs),
    engine: pick(RENDER_HEADERS.engine),
    modelVersion: pick(RENDER_HEADERS.modelVersion),
    requestId: pick(RENDER_HEADERS.requestId),
  });
}

export const ERROR_CODES = [
  "invalid_request",
  "invalid_json",
  "unsupported_media_type",
  "payload_too_large",
  "unknown_voice",
  "unauthorized",
  "not_found",
  "method_not_allowed",
  "overloaded",
  "rate_limited",
  "not_ready",
  "shutting_down",
  "synthesis_failed",
  "internal_error",
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type TtsErrorCode = z.infer<typeof errorCodeSchema>;

/**
 * Refusals about the worker's own state (busy, limited, warming up, stopping), not about the request: the
 * same request may go to another worker or again later, and it does not count as the render's failure.
 */
export const WORKER_BUSY_CODES = ["overloaded", "rate_limited", "not_ready", "shutting_down"] as const satisfies readonly TtsErrorCode[];
export const isWorkerBusy = (code: string): boolean => (WORKER_BUSY_CODES as readonly string[]).includes(code);

/** The one code → HTTP status table. Handlers never pick status numbers inline. */
export const ERROR_STATUS: Readonly<Record<TtsErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  invalid_json: 400,
  unknown_voice: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  synthesis_failed: 500,
  internal_error: 500,
  overloaded: 503,
  not_ready: 503,
  shutting_down: 503,
});

/** Whether a client may send the same request again (after Retry-After when present). */
export const ERROR_RETRYABLE: Readonly<Record<TtsErrorCode, boolean>> = Object.freeze({
  invalid_request: false,
  invalid_json: false,
  unknown_voice: false,
  unauthorized: false,
  not_found: false,
  method_not_allowed: false,
  payload_too_large: false,
  unsupported_media_type: false,
  synthesis_failed: true,
  internal_error: true,
  overloaded: true,
  rate_limited: true,
  not_ready: true,
  shutting_down: true,
});

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  retryable: z.boolean(),
});
export type TtsErrorBody = z.infer<typeof errorBodySchema>;

export const readinessSchema = z.object({
  status: z.enum(["ready", "starting", "draining"]),
  protocolVersion: z.number().int(),
  engine: engineSchema,
  modelId: z.string(),
  modelVersion: z.string(),
  /** Set when the worker runs a fallback engine, e.g. espeak because the Kokoro weights are missing. */
  warning: z.string().optional(),
  voices: z.array(z.string()),
  sampleRate: z.number().int().positive(),
  /** How many renders the worker runs at once; the dispatcher caps its in-flight requests at this. */
  capacity: z.number().int().positive(),
  inFlight: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  maxQueue: z.number().int().nonnegative(),
  /** Measured; null until the first render. */
  meanGenerationMsPerAudioSecond: z.number().nonnegative().nullable(),
  threads: z.number().int().positive(),
  intraOpThreads: z.number().int().positive(),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const voicesResponseSchema = z.object({
  voices: z.array(z.object({ id: z.string(), name: z.string(), language: z.string(), gender: z.string() })),
});
export type VoicesResponse = z.infer<typeof voicesResponseSchema>;

// POST /v1/audio/speech (OpenAI-compatible; unknown fields such as `instructions` are ignored)
export const openAiSpeechRequestSchema = z.object({
  model: z.string().min(1).max(128),
  input: textSchema,
  voice: voiceSchema,
  response_format: z.enum(["wav", "mp3", "pcm"]).default("mp3"),
  speed: speedSchema.default(1),
});
export type OpenAiSpeechRequest = z.input<typeof openAiSpeechRequestSchema>;
