/**
 * POST /v1/audio/speech with `stream_format`: audio leaves the worker sentence by sentence, the streamed
 * bytes are the same audio as the one-file answer, and a client that leaves stops the render.
 */
import { execFileSync } from "node:child_process";
import net from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { speechStreamEventSchema, type SpeechStreamEvent } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const SENTENCES = Array.from({ length: 8 }, (_, i) => `Sentence ${i + 1} of the reply is here.`).join(" ");

let worker: TestWorker; // the tiny model at full speed
let slow: TestWorker; // slow enough that each sentence takes a while, so "before the last sentence" is a real moment
beforeAll(async () => {
  [worker, slow] = await Promise.all([
    startTestWorker({ threads: 1, readyTimeoutMs: 110_000 }),
    startTestWorker({ threads: 1, model: { extraFlopsPerSample: 50_000 }, readyTimeoutMs: 110_000 }),
  ]);
});
afterAll(async () => {
  await Promise.all([worker?.stop(), slow?.stop()]);
});

async function metrics(of: TestWorker = slow): Promise<string> {
  return (await fetch(`${of.url}/metrics`, { headers: of.authHeaders })).text();
}
const sample = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, "m").exec(text)?.[1] ?? 0);

function speech(body: Record<string, unknown>, signal?: AbortSignal, to: TestWorker = worker): Promise<Response> {
  return fetch(`${to.url}/v1/audio/speech`, {
    method: "POST",
    headers: { "content-type": "application/json", ...to.authHeaders },
    body: JSON.stringify({ model: "kokoro", voice: "af_heart", input: SENTENCES, ...body }),
    signal,
  });
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, first: Uint8Array[] = []): Promise<Buffer> {
  const parts = [...first];
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  return Buffer.concat(parts);
}

function probe(bytes: Buffer, ext: string): { duration: number } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "tts-stream-")), `audio.${ext}`);
  writeFileSync(file, bytes);
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString();
  // Decodes without an error (a streamed WAV's open-ended data size makes ffmpeg flag its last packet, so only MP3 is strict).
  execFileSync("ffmpeg", ["-v", "error", ...(ext === "mp3" ? ["-xerror"] : []), "-i", file, "-f", "null", "-"]);
  return { duration: Number(out.trim()) };
}

describe("stream_format: audio", () => {
  it("sends the first audio bytes while later sentences are still to be rendered, then the same PCM as one file", async () => {
    const rendersBefore = sample(await metrics(), "tts_renders_total");
    const res = await speech({ response_format: "pcm", stream_format: "audio" }, undefined, slow);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBeNull();
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Order, not time: at the first bytes the render is still running and has not finished.
    const during = await metrics();
    expect(sample(during, "tts_in_flight")).toBe(1);
    expect(sample(during, "tts_renders_total")).toBe(rendersBefore);
    const streamed = await readAll(reader, [first.value!]);
    expect(sample(await metrics(), "tts_renders_total")).toBe(rendersBefore + 1);

    const whole = await postToWorker(slow, "/v1/audio/speech", { model: "kokoro", voice: "af_heart", input: SENTENCES, response_format: "pcm" });
    expect(whole.headers.get("content-length")).toBe(String(whole.bytes.length));
    expect(streamed.equals(whole.bytes)).toBe(true);
  });

  it("streams WAV with a streaming header and the same samples, and MP3 frames that decode", async () => {
    const wav = Buffer.from(await (await speech({ response_format: "wav", stream_format: "audio" })).arrayBuffer());
    expect(wav.toString("ascii", 0, 4)).toBe("RIFF");
    expect(wav.readUInt32LE(40)).toBe(0xffff_ffff); // data size: until the end of the stream
    const whole = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", voice: "af_heart", input: SENTENCES, response_format: "wav" });
    expect(wav.subarray(44).equals(whole.bytes.subarray(44))).toBe(true);
    const wavSeconds = probe(wav, "wav").duration;
    expect(wavSeconds).toBeCloseTo(probe(whole.bytes, "wav").duration, 2);

    const mp3 = Buffer.from(await (await speech({ response_format: "mp3", stream_format: "audio" })).arrayBuffer());
    expect(Math.abs(probe(mp3, "mp3").duration - wavSeconds)).toBeLessThan(0.1);
  });

  it("stops rendering when the client leaves after the first bytes, and counts it", async () => {
    const before = await metrics();
    const controller = new AbortController();
    const res = await speech({ response_format: "pcm", stream_format: "audio" }, controller.signal, slow);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await expect.poll(async () => sample(await metrics(), "tts_in_flight"), { timeout: 20_000 }).toBe(0);
    const after = await metrics();
    const running = (text: string) => Number(/^tts_cancelled_total\{stage="running"\} (\d+)/m.exec(text)?.[1] ?? 0);
    expect(running(after)).toBe(running(before) + 1);
    expect(sample(after, "tts_cancelled_pieces_total")).toBeGreaterThan(sample(before, "tts_cancelled_pieces_total"));
    expect(sample(after, "tts_renders_total")).toBe(sample(before, "tts_renders_total"));
  });
});

describe("stream_format: sse", () => {
  it("sends speech.audio.delta events whose audio is the PCM, then speech.audio.done", async () => {
    const res = await speech({ response_format: "pcm", stream_format: "sse" });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events: SpeechStreamEvent[] = (await res.text())
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => speechStreamEventSchema.parse(JSON.parse(block.slice("data: ".length))));
    expect(events.at(-1)).toEqual({ type: "speech.audio.done" });
    const deltas = events.filter((e) => e.type === "speech.audio.delta");
    expect(deltas.length).toBeGreaterThanOrEqual(8); // one per sentence
    const audio = Buffer.concat(deltas.map((e) => Buffer.from(e.audio, "base64")));
    const whole = await postToWorker(worker, "/v1/audio/speech", { model: "kokoro", voice: "af_heart", input: SENTENCES, response_format: "pcm" });
    expect(audio.equals(whole.bytes)).toBe(true);
  });

  it("refuses before streaming with a plain JSON error", async () => {
    const res = await speech({ voice: "zz_nobody", stream_format: "sse" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unknown_voice");
  });
});

describe("back-pressure", () => {
  it("holds the render while the client reads nothing, and finishes it once the client reads again", async () => {
    // Ten times the usual samples per token: a few sentences are far more audio than socket buffers hold.
    const fast = await startTestWorker({ threads: 1, model: { samplesPerToken: 12_000 } });
    try {
      const input = Array.from({ length: 40 }, (_, i) => `Sentence ${i + 1} is part of a very long answer.`).join(" ");
      const socket = net.connect(fast.port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      const body = JSON.stringify({ model: "kokoro", voice: "af_heart", input, response_format: "pcm", stream_format: "audio" });
      socket.write(
        `POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: ${fast.authHeaders.authorization}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.pause(); // read nothing: the socket buffers fill, then the worker must stop rendering ahead
      const fastMetrics = () => metrics(fast);
      await expect.poll(async () => sample(await fastMetrics(), "tts_in_flight"), { timeout: 10_000 }).toBe(1);
      // Unread, the render cannot get more than a few chunks ahead of the socket: it must still be running.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const held = await fastMetrics();
      expect(sample(held, "tts_in_flight")).toBe(1);
      expect(sample(held, "tts_renders_total")).toBe(0);

      const received: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => received.push(chunk));
      const readingStarted = performance.now();
      socket.resume();
      await new Promise((resolve) => socket.once("close", resolve));
      const readingMs = performance.now() - readingStarted;
      expect(sample(await fastMetrics(), "tts_renders_total")).toBe(1);
      expect(Buffer.concat(received).toString("latin1")).toMatch(/^HTTP\/1\.1 200 /);
      console.log(`[streaming] back-pressure: held 4 s while unread, the rest rendered in ${Math.round(readingMs)} ms once read`);
    } finally {
      await fast.stop();
    }
  }, 120_000);
});
