import type { ServerResponse } from "node:http";
import { openAiSpeechRequestSchema } from "../../../lib/protocol/tts";
import type { RequestInfo, ServerContext } from "../context";
import { parseWith, renderAndRespond } from "./render";

// POST /v1/audio/speech: OpenAI-compatible speech (model, input, voice, response_format, speed)
export async function handleSpeech(ctx: ServerContext, info: RequestInfo, res: ServerResponse, body: unknown): Promise<void> {
  const input = parseWith(openAiSpeechRequestSchema, body);
  await renderAndRespond(ctx, info, res, {
    text: input.input,
    voice: input.voice,
    speed: input.speed,
    format: input.response_format,
  });
}
