import type { ServerResponse } from "node:http";
import type { VoicesResponse } from "../../../lib/protocol/tts";
import { TtsError } from "../errors";
import { sendJson } from "../http";
import type { ServerContext } from "../context";
import { BUILTIN_VOICES, KOKORO_VOICES } from "../voices";

// GET /v1/audio/voices: the voices this worker's engine accepts
export function handleVoices(ctx: ServerContext, res: ServerResponse): void {
  const engine = ctx.state.engine;
  if (!engine) throw new TtsError("not_ready", "the model is still loading");
  const available = new Set(engine.voices);
  const body: VoicesResponse = {
    voices: [...KOKORO_VOICES, ...BUILTIN_VOICES].filter((v) => available.has(v.id)).map(({ id, name, language, gender }) => ({ id, name, language, gender })),
  };
  sendJson(res, 200, body);
}
