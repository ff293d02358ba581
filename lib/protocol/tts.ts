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
  /**
   * Pieces (sentences, or parts of long sentences) one request may become: each is one model run, so this
   * bounds a request's compute whatever its shape (18 KB of one-word lines would otherwise be 6,000 runs).
   */
  maxTextPieces: 500,
  /** Audio one request may produce (at any speed); past it the render stops with `audio_too_long`. */
  maxAudioSeconds: 1_800,
});

/**
 * Longest piece of text handed to the model in one call, on both sides: the web side splits messages into
 * segments no longer than this, the worker splits any request into chunks no longer than this. Kokoro
 * silently truncates past 510 tokens; English speech runs at roughly one phoneme token per character, so
 * 300 characters keeps a wide margin.
 */
export const MAX_TEXT_PIECE_CHARS = 300;

/**
 * The rate every engine renders at, whatever its synthesizer's own: Kokoro's, OpenAI's `pcm` (24 kHz 16-bit
 * mono), and one libopus takes (8/12/16/24/48 kHz). An engine whose synthesizer has another rate
 * resamples to it (libsamplerate), as the built-in voice and espeak-ng do from 22,050 Hz.
 */
export const SPEECH_SAMPLE_RATE = 24_000;

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

/**
 * A voice is one voice id ("af_heart") or a weighted mix of up to MAX_MIX_VOICES of them,
 * "af_heart(2)+af_bella(1)" (a weight defaults to 1). Kokoro voices are style vectors, so a mix is their
 * weighted average: weights 2 and 1 mean two thirds af_heart, one third af_bella.
 */
export type VoiceMixPart = { voice: string; weight: number };
export const MAX_MIX_VOICES = 5;
const MIX_PART = /^([a-z0-9_-]{1,32})(?:\((\d{1,3}(?:\.\d{1,4})?)\))?$/i;

/** The parts of a voice string with weights that sum to 1, or the reason it is not a voice. */
export function parseVoiceMix(voice: string): { ok: true; parts: VoiceMixPart[] } | { ok: false; message: string } {
  const raw = voice.split("+").map((part) => MIX_PART.exec(part.trim()));
  if (raw.some((match) => !match)) {
    return { ok: false, message: 'voice must be a voice id such as af_heart, or a mix such as "af_heart(2)+af_bella(1)"' };
  }
  if (raw.length > MAX_MIX_VOICES) return { ok: false, message: `a voice mix may blend at most ${MAX_MIX_VOICES} voices` };
  const weights = new Map<string, number>();
  for (const match of raw as RegExpExecArray[]) {
    const weight = match[2] === undefined ? 1 : Number(match[2]);
    if (!(weight > 0)) return { ok: false, message: `the weight of ${match[1]} in the voice mix must be above 0` };
    weights.set(match[1]!, (weights.get(match[1]!) ?? 0) + weight);
  }
  const total = [...weights.values()].reduce((sum, w) => sum + w, 0);
  const parts = [...weights].map(([id, weight]) => ({ voice: id, weight: weight / total }));
  return { ok: true, parts: parts.sort((a, b) => (a.voice < b.voice ? -1 : 1)) };
}

/**
 * One spelling per mix ("af_bella(0.3333)+af_heart(0.6667)" for both "af_heart(2)+af_bella(1)" and
 * "af_bella(1)+af_heart(2)"; a plain id stays as it is), so equal mixes share segment keys.
 */
export function canonicalVoice(voice: string): string {
  const parsed = parseVoiceMix(voice);
  if (!parsed.ok) return voice;
  if (parsed.parts.length === 1) return parsed.parts[0]!.voice;
  return parsed.parts.map((part) => `${part.voice}(${Number(part.weight.toFixed(4))})`).join("+");
}

/**
 * What a voice speaks, read from the first letter of its id ("ef_dora": e = Spanish, f = female), as Kokoro
 * names its voices. One row per letter, and the only place the languages are listed: the worker picks a
 * phonemizer from it and reports each voice's language, the web side checks a message's language against it.
 * Adding a language is a row here (plus its normalisation and its recogniser, see docs/languages.md).
 *
 * `language` is the BCP 47 tag of what the voice actually says. Spanish is `es-419` (Latin American), not
 * `es` (Castilian): the phonemes come from eSpeak NG's `es-419` voice, which says "cita" and "Pérez" with an s
 * (seseo) as the patients of US clinics do, where the Castilian voice would say θ.
 * `phonemizer`: "kokoro-js" (its own English G2P), "espeak-ng" (eSpeak NG in WebAssembly with `espeakVoice`,
 * what Kokoro's non-English voices were trained on), or null: Kokoro has voices for it but this product
 * does not speak it yet, and the worker does not offer them.
 */
export const VOICE_LANGUAGES = Object.freeze({
  a: { language: "en-us", name: "English (US)", phonemizer: "kokoro-js", espeakVoice: "en-us" },
  b: { language: "en-gb", name: "English (UK)", phonemizer: "kokoro-js", espeakVoice: "en" },
  e: { language: "es-419", name: "Spanish (Latin America)", phonemizer: "espeak-ng", espeakVoice: "es-419" },
  f: { language: "fr-fr", name: "French", phonemizer: null, espeakVoice: "fr-fr" },
  i: { language: "it", name: "Italian", phonemizer: null, espeakVoice: "it" },
  p: { language: "pt-br", name: "Portuguese (Brazil)", phonemizer: null, espeakVoice: "pt-br" },
  h: { language: "hi", name: "Hindi", phonemizer: null, espeakVoice: "hi" },
  j: { language: "ja", name: "Japanese", phonemizer: null, espeakVoice: "ja" },
  z: { language: "zh", name: "Chinese (Mandarin)", phonemizer: null, espeakVoice: "cmn" },
} as const satisfies Record<string, { language: string; name: string; phonemizer: "kokoro-js" | "espeak-ng" | null; espeakVoice: string }>);
export type VoiceLanguage = (typeof VOICE_LANGUAGES)[keyof typeof VOICE_LANGUAGES];

/** The language row of one voice id, or of a mix's heaviest voice (whose accent the mix speaks in). */
export function languageOfVoice(voice: string): VoiceLanguage | null {
  const parsed = parseVoiceMix(voice);
  const id = parsed.ok ? parsed.parts.reduce((a, b) => (b.weight > a.weight ? b : a)).voice : voice;
  return (VOICE_LANGUAGES as Record<string, VoiceLanguage>)[id.charAt(0)] ?? null;
}

/** "es-419" -> "es": requests and checks compare languages, not regional variants. */
export const primaryLanguage = (tag: string): string => tag.split("-")[0]!.toLowerCase();

/** Whether a voice (id or mix) speaks `language` ("es", "es-MX" and "es-419" are all Spanish). */
export function voiceSpeaks(voice: string, language: string): boolean {
  const row = languageOfVoice(voice);
  return row !== null && primaryLanguage(row.language) === primaryLanguage(language);
}

/** A BCP 47 language tag as a message's language: "en", "es", "es-419", "en-US". */
export const languageTagSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, 'language must be a language tag such as "en" or "es"');

const voiceSchema = z
  .string()
  .min(1, "voice must not be empty")
  .max(256)
  .superRefine((voice, ctx) => {
    const parsed = parseVoiceMix(voice);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  });

// POST /v1/render
export const renderRequestSchema = z.strictObject({
  text: textSchema,
  voice: voiceSchema,
  speed: speedSchema.default(1),
  format: audioFormatSchema.default("wav"),
  /**
   * The language the text is written in. Optional (requests without it are rendered as before); when set,
   * a voice that speaks another language is refused with `voice_language_mismatch` instead of reading,
   * say, Spanish text with English phonemes.
   */
  language: languageTagSchema.optional(),
});
/** What a caller sends (speed and format may be omitted). */
export type RenderRequest = z.input<typeof renderRequestSchema>;
/** What the worker works with after parsing. */
export type ParsedRenderRequest = z.output<typeof renderRequestSchema>;

/** `builtin`: the offline voice npm installs (eSpeak NG in WASM); `espeak`: Debian's espeak-ng binary. */
export const ENGINES = ["kokoro", "builtin", "espeak"] as const;
export const engineSchema = z.enum(ENGINES);
export type Engine = z.infer<typeof engineSchema>;

/** Whether audio from this engine is the basic offline voice (robotic), as opposed to Kokoro. */
export function isBasicVoice(engine: string | null | undefined): boolean {
  return engine === "builtin" || engine === "espeak";
}

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
  "request_timeout",
  "too_many_pieces",
  "audio_too_long",
  "unknown_voice",
  "voice_language_mismatch",
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
  voice_language_mismatch: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  payload_too_large: 413,
  too_many_pieces: 413,
  audio_too_long: 413,
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
  voice_language_mismatch: false,
  unauthorized: false,
  not_found: false,
  method_not_allowed: false,
  request_timeout: true,
  payload_too_large: false,
  too_many_pieces: false,
  audio_too_long: false,
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

/**
 * OpenAI's error envelope: what the worker answers on its OpenAI-compatible routes (/v1/audio/*,
 * /v1/models), so OpenAI clients show the message. `code` is the worker's error code.
 */
export const openAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.enum(["invalid_request_error", "authentication_error", "rate_limit_error", "server_error"]),
    param: z.string().nullable(),
    code: errorCodeSchema,
  }),
});
export type OpenAiErrorBody = z.infer<typeof openAiErrorBodySchema>;

export function openAiErrorType(status: number): OpenAiErrorBody["error"]["type"] {
  if (status === 401) return "authentication_error";
  if (status === 429) return "rate_limit_error";
  return status >= 500 ? "server_error" : "invalid_request_error";
}

export const readinessSchema = z.object({
  status: z.enum(["ready", "starting", "draining"]),
  protocolVersion: z.number().int(),
  engine: engineSchema,
  modelId: z.string(),
  modelVersion: z.string(),
  /** Set when the worker runs a fallback engine, e.g. the built-in voice because the Kokoro weights are missing. */
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

// POST /v1/audio/speech (OpenAI-compatible; unknown fields are ignored)

/** OpenAI's six speech formats; this worker encodes SPEECH_FORMATS of them. */
export const OPENAI_SPEECH_FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"] as const;
export const SPEECH_FORMATS = ["mp3", "wav", "pcm", "flac", "opus"] as const;
export type SpeechFormat = (typeof SPEECH_FORMATS)[number];
/** The formats `stream_format` can stream. */
export const STREAMABLE_SPEECH_FORMATS = ["mp3", "wav", "pcm"] as const;
export const OPENAI_MIN_SPEED = 0.25;
export const OPENAI_MAX_SPEED = 4;

/** GET /v1/models: the names this worker answers to (all of them are Kokoro); any other `model` is a 400. */
export const SPEECH_MODELS = ["kokoro", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"] as const;

export const openAiSpeechRequestSchema = z.object({
  model: z.enum(SPEECH_MODELS, { error: (issue) => `unknown model ${JSON.stringify(String(issue.input).slice(0, 128))}; this worker answers to ${SPEECH_MODELS.join(", ")} (see GET /v1/models)` }),
  input: textSchema,
  voice: voiceSchema,
  response_format: z
    .enum(SPEECH_FORMATS, {
      error: `use one of ${SPEECH_FORMATS.join(", ")}; this worker has no aac encoder`,
    })
    .default("mp3"),
  speed: z
    .number()
    .min(OPENAI_MIN_SPEED, `speed must be between ${OPENAI_MIN_SPEED} and ${OPENAI_MAX_SPEED}`)
    .max(OPENAI_MAX_SPEED, `speed must be between ${OPENAI_MIN_SPEED} and ${OPENAI_MAX_SPEED}`)
    .refine(
      (speed) => speed >= LIMITS.minSpeed && speed <= LIMITS.maxSpeed,
      `Kokoro speaks at speeds from ${LIMITS.minSpeed} to ${LIMITS.maxSpeed}; send a speed in that range`,
    )
    .default(1),
  /** Accepted for OpenAI clients; Kokoro cannot follow it, and the response says so in a header. */
  instructions: z.string().max(4_096).optional(),
  /** "audio": chunked audio as each sentence is rendered; "sse": OpenAI's speech.audio.* events. Unset: one file. */
  stream_format: z.enum(["audio", "sse"]).optional(),
}).refine(
  (request) => !request.stream_format || (STREAMABLE_SPEECH_FORMATS as readonly string[]).includes(request.response_format),
  { path: ["stream_format"], message: `streaming works with ${STREAMABLE_SPEECH_FORMATS.join(", ")}; leave stream_format out for ${SPEECH_FORMATS.filter((f) => !(STREAMABLE_SPEECH_FORMATS as readonly string[]).includes(f)).join(", ")}` },
);
export type OpenAiSpeechRequest = z.input<typeof openAiSpeechRequestSchema>;

/** Set on /v1/audio/speech responses when the request carried `instructions`. */
export const INSTRUCTIONS_HEADER = "x-tts-instructions";
export const INSTRUCTIONS_IGNORED = "ignored: Kokoro does not follow instructions; choose the voice and speed instead";

/** One event of a `stream_format: "sse"` response (OpenAI's names; `audio` is base64 of the next bytes). */
export const speechStreamEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("speech.audio.delta"), audio: z.string() }),
  z.object({ type: z.literal("speech.audio.done") }),
  z.object({ type: z.literal("error"), error: openAiErrorBodySchema.shape.error }),
]);
export type SpeechStreamEvent = z.infer<typeof speechStreamEventSchema>;

export const modelsResponseSchema = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() })),
});
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;
