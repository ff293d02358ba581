import type { ServerResponse } from "node:http";
import {
  INSTRUCTIONS_HEADER,
  INSTRUCTIONS_IGNORED,
  openAiSpeechRequestSchema,
  PROTOCOL_VERSION,
  RENDER_HEADERS,
  type SpeechStreamEvent,
} from "../../../lib/protocol/tts";
import type { RequestInfo, ServerContext } from "../context";
import { TtsError } from "../errors";
import type { StreamSink } from "../model-host";
import { audioContentType, parseWith, renderAndRespond, renderForClient } from "./render";

const sseEvent = (event: SpeechStreamEvent) => `data: ${JSON.stringify(event)}\n\n`;

// POST /v1/audio/speech: OpenAI-compatible speech; `stream_format` streams it sentence by sentence
export async function handleSpeech(ctx: ServerContext, info: RequestInfo, res: ServerResponse, body: unknown): Promise<void> {
  const input = parseWith(openAiSpeechRequestSchema, body);
  const request = { text: input.input, voice: input.voice, speed: input.speed, format: input.response_format };
  const headers: Record<string, string> = input.instructions === undefined ? {} : { [INSTRUCTIONS_HEADER]: INSTRUCTIONS_IGNORED };
  if (!input.stream_format) return renderAndRespond(ctx, info, res, request, headers);

  const sse = input.stream_format === "sse";
  // Headers go out with the first audio, so anything refused before that is still a plain JSON error.
  const start = () => {
    if (res.headersSent) return;
    const engine = ctx.state.engine!;
    res.writeHead(200, {
      "content-type": sse ? "text/event-stream; charset=utf-8" : audioContentType(request.format, engine.sampleRate),
      "cache-control": "no-store",
      "x-accel-buffering": "no",
      [RENDER_HEADERS.sampleRate]: String(engine.sampleRate),
      [RENDER_HEADERS.engine]: engine.engine,
      [RENDER_HEADERS.modelVersion]: engine.modelVersion,
      [RENDER_HEADERS.protocolVersion]: String(PROTOCOL_VERSION),
      ...headers,
    });
  };
  const onChunk: StreamSink = (bytes, passedOn) => {
    start();
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const flushed = res.write(sse ? sseEvent({ type: "speech.audio.delta", audio: chunk.toString("base64") }) : chunk);
    // Back-pressure: the model thread renders ahead only while the client keeps reading.
    if (flushed) passedOn();
    else res.once("drain", passedOn);
  };
  try {
    await renderForClient(ctx, info, res, { ...request, stream: true }, onChunk);
  } catch (error) {
    // Mid-stream, an SSE client can still be told why the audio stopped; raw audio can only be cut off.
    if (!(sse && res.headersSent && error instanceof TtsError)) throw error;
    ctx.metrics.recordError(error.code);
    res.end(sseEvent({ type: "error", error: error.toOpenAiBody().error }));
    return;
  }
  start();
  res.end(sse ? sseEvent({ type: "speech.audio.done" }) : undefined);
}
