/**
 * The work of one request is bounded: text that would become too many model runs is refused before it
 * queues, a client that leaves takes its queued and not-yet-started pieces with it, a body that dribbles in
 * is cut off at the request timeout, and an aborted upload is a cancellation, not a server error.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema, LIMITS, openAiErrorBodySchema } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const HEADERS_TIMEOUT_MS = 8_000;
const REQUEST_TIMEOUT_MS = 1_500;

let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker({
    threads: 1,
    model: { extraFlopsPerSample: 100_000 },
    env: { TTS_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), TTS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
});
afterAll(async () => {
  await worker?.stop();
});

async function metrics(): Promise<string> {
  return (await fetch(`${worker.url}/metrics`, { headers: worker.authHeaders })).text();
}
const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1] ?? 0);

describe("pieces per request", () => {
  it("refuses 18 KB of one-word lines with 413 too_many_pieces before rendering any of it", async () => {
    const text = "@a\n".repeat(6_000);
    expect(text.length).toBeLessThanOrEqual(LIMITS.maxTextChars);
    const res = await postToWorker(worker, "/v1/render", { text, voice: "af_heart" });
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(res.json())).toMatchObject({ code: "too_many_pieces", retryable: false });
    const speech = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", input: text, voice: "af_heart" });
    expect(speech.status).toBe(413);
    expect(openAiErrorBodySchema.parse(speech.json()).error).toMatchObject({ code: "too_many_pieces", param: "input" });
    expect(await metrics()).not.toMatch(/^tts_renders_total\{/m);
  });
});

describe("a client that leaves", () => {
  it("drops its queued render and stops its running one before the next piece; /metrics counts both", async () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `This is sentence number ${i + 1} of a long message.`).join(" ");
    const running = new AbortController();
    const queued = new AbortController();
    const post = (signal: AbortSignal) =>
      fetch(`${worker.url}/v1/render`, {
        method: "POST",
        headers: { "content-type": "application/json", ...worker.authHeaders },
        body: JSON.stringify({ text: sentences, voice: "af_heart", format: "pcm" }),
        signal,
      }).catch((error: Error) => error);
    const first = post(running.signal);
    await expect.poll(async () => sample(await metrics(), "tts_in_flight"), { timeout: 10_000 }).toBe(1);
    const second = post(queued.signal);
    await expect.poll(async () => sample(await metrics(), "tts_queue_depth"), { timeout: 10_000 }).toBe(1);
    queued.abort();
    running.abort();
    expect(await first).toBeInstanceOf(Error);
    expect(await second).toBeInstanceOf(Error);

    await expect.poll(async () => sample(await metrics(), "tts_in_flight"), { timeout: 20_000 }).toBe(0);
    const text = await metrics();
    expect(text).toMatch(/^tts_cancelled_total\{stage="queued"\} 1$/m);
    expect(text).toMatch(/^tts_cancelled_total\{stage="running"\} 1$/m);
    expect(sample(text, "tts_queue_depth")).toBe(0);
    // All 40 of the queued render's pieces, and most of the running one's, were never rendered.
    expect(sample(text, "tts_cancelled_pieces_total")).toBeGreaterThan(40);
    expect(text).not.toMatch(/^tts_renders_total\{/m);
    expect(text).not.toMatch(/internal_error|synthesis_failed/);
    // The model thread is free again and serves the next request.
    expect((await postToWorker(worker, "/v1/render", { text: "Still here.", voice: "af_heart" })).status).toBe(200);
  });
});

describe("slow and aborted bodies", () => {
  it("cuts off a body that keeps dribbling in at the request timeout, with 408, not at the headers timeout", async () => {
    const socket = net.connect(worker.port, "127.0.0.1");
    const opened = Date.now();
    let response = "";
    socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
    socket.write(
      `POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Authorization: ${worker.authHeaders.authorization}\r\nContent-Length: 100000\r\n\r\n{"text":"`,
    );
    const dribble = setInterval(() => socket.writable && socket.write("a"), 100);
    const closedAfter = await new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now() - opened)));
    clearInterval(dribble);
    expect(response).toMatch(/^HTTP\/1\.1 408 /);
    expect(errorBodySchema.parse(JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4))).code).toBe("request_timeout");
    // Closed by the worker once the request timeout passed, long before the headers timeout would have.
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(closedAfter).toBeLessThan(HEADERS_TIMEOUT_MS / 2);
  });

  it("logs an aborted upload as a cancellation: no stack trace, no 500, no error count", async () => {
    const socket = net.connect(worker.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Authorization: ${worker.authHeaders.authorization}\r\nContent-Length: 5000\r\n\r\n{"input":"Hel`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await expect.poll(async () => await metrics(), { timeout: 5_000 }).toMatch(/^tts_cancelled_total\{stage="upload"\} 1$/m);
    expect(await metrics()).not.toMatch(/internal_error/);
    const line = worker.logs().find((l) => l.msg === "request" && l.path === "/v1/audio/speech" && l.clientClosed === "upload");
    expect(line).toMatchObject({ status: 499 });
    expect(worker.logs().filter((l) => l.level === "error")).toEqual([]);
    expect(worker.stderr()).not.toMatch(/at .*\.ts:\d+/);
  });
});
