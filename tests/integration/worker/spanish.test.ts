import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema, openAiErrorBodySchema, parseRenderResponseHeaders, voicesResponseSchema, type RenderRequest } from "@/lib/protocol/tts";
import { decodeWav16 } from "@/lib/protocol/audio";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

let worker: TestWorker;

beforeAll(async () => {
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker?.stop();
});

const render = (request: RenderRequest) => postToWorker(worker, "/v1/render", request);
const HOLA = "Hola Lucía, le recordamos su cita con la doctora Pérez. ¿Necesita cambiarla? ¡Llámenos!";

describe("Spanish voices on the worker (tiny model)", () => {
  it("lists the Spanish voices with their language, and the English ones as before", async () => {
    const res = await fetch(`${worker.url}/v1/audio/voices`, { headers: worker.authHeaders });
    const { voices } = voicesResponseSchema.parse(await res.json());
    const byId = new Map(voices.map((v) => [v.id, v]));
    expect(byId.get("ef_dora")).toEqual({ id: "ef_dora", name: "Dora", language: "es-419", gender: "Female" });
    expect(byId.get("em_alex")?.language).toBe("es-419");
    expect(byId.get("em_santa")?.language).toBe("es-419");
    expect(byId.get("af_heart")?.language).toBe("en-us");
    expect(byId.get("bm_george")?.language).toBe("en-gb");
    // Kokoro ships French, Italian, ... voices too, but the worker cannot phonemize them yet.
    expect(voices.some((v) => v.id === "ff_siwis")).toBe(false);
  });

  it("renders Spanish text with a Spanish voice (kokoro-js alone would refuse ef_dora)", async () => {
    const res = await render({ text: HOLA, voice: "ef_dora", language: "es" });
    expect(res.status, res.bytes.toString()).toBe(200);
    const meta = parseRenderResponseHeaders(res.headers);
    expect(meta.engine).toBe("kokoro");
    const wav = decodeWav16(res.bytes);
    expect(wav.samples.some((s) => Math.abs(s) > 0.05)).toBe(true);
  });

  it("accepts a render without a language, as before, for either language", async () => {
    expect((await render({ text: HOLA, voice: "em_alex" })).status).toBe(200);
    expect((await render({ text: "Hello Maria.", voice: "af_heart" })).status).toBe(200);
    expect((await render({ text: "Hello Maria.", voice: "af_heart", language: "en-US" })).status).toBe(200);
  });

  it("refuses a voice of another language than the request's, saying which language it speaks", async () => {
    const res = await render({ text: HOLA, voice: "af_heart", language: "es" });
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(JSON.parse(res.bytes.toString()));
    expect(body).toMatchObject({ code: "voice_language_mismatch", retryable: false });
    expect(body.message).toContain('voice "af_heart" speaks en-us, not es');

    const mix = await render({ text: "Hello.", voice: "ef_dora(3)+af_heart(1)", language: "en" });
    expect(errorBodySchema.parse(JSON.parse(mix.bytes.toString())).code).toBe("voice_language_mismatch");
  });

  it("refuses a malformed language and names a Kokoro voice of a language the worker does not speak", async () => {
    const bad = await render({ text: HOLA, voice: "ef_dora", language: "spanish please" });
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(JSON.parse(bad.bytes.toString())).message).toMatch(/^language: /);

    const french = await render({ text: "Bonjour.", voice: "ff_siwis" });
    const body = errorBodySchema.parse(JSON.parse(french.bytes.toString()));
    expect(body.code).toBe("unknown_voice");
    expect(body.message).toContain("does not speak French yet");
  });

  it("speaks Spanish on the OpenAI-compatible route with a Spanish voice", async () => {
    const res = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", input: HOLA, voice: "ef_dora", response_format: "wav" });
    expect(res.status, res.bytes.toString()).toBe(200);
    expect(decodeWav16(res.bytes).samples.length).toBeGreaterThan(0);
    const unknown = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", input: HOLA, voice: "if_sara" });
    expect(openAiErrorBodySchema.parse(JSON.parse(unknown.bytes.toString())).error.message).toContain("Italian");
  });
});
