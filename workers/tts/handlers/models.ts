import type { ServerResponse } from "node:http";
import { SPEECH_MODELS, type ModelsResponse } from "../../../lib/protocol/tts";
import { sendJson } from "../http";

/** When the list was first published; OpenAI's `created` is a Unix time in seconds. */
const CREATED = Math.floor(Date.UTC(2025, 0, 1) / 1000);

// GET /v1/models: what OpenAI clients list before they speak; every name is served by Kokoro
export function handleModels(res: ServerResponse): void {
  const body: ModelsResponse = {
    object: "list",
    data: SPEECH_MODELS.map((id) => ({ id, object: "model", created: CREATED, owned_by: "kokoro" })),
  };
  sendJson(res, 200, body);
}
