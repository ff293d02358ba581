/**
 * POST /api/voices/audition streams the worker's MP3 to the browser as each sentence is rendered, and a
 * browser that leaves (or stops the sample) stops the worker's render.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWorker, type TestWorker } from "@/harness/worker-process";

// The route opens the app's own database and reads the worker settings from lib/env: set both first.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-audition-stream-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;

const TEXT = Array.from({ length: 8 }, (_, i) => `Sentence ${i + 1} of the sample is here.`).join(" ");

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let audition: Handler;
let cookie: string;
let slow: TestWorker; // slow enough that each sentence takes a while, so "before the last sentence" is a real moment

beforeAll(async () => {
  slow = await startTestWorker({ threads: 1, model: { extraFlopsPerSample: 50_000 }, readyTimeoutMs: 110_000 });
  process.env.TTS_WORKER_URLS = slow.url;
  process.env.TTS_WORKER_TOKEN = slow.token!;
  audition = (await import("@/app/api/voices/audition/route")).POST as Handler;
  const { signInAppOwner } = await import("../../helpers/auth");
  ({ cookie } = await signInAppOwner());
});
afterAll(async () => {
  await slow?.stop();
});

function post(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  const req = new NextRequest("http://localhost:3000/api/voices/audition", {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ voice: "af_heart(2)+af_bella(1)", speed: 1, text: TEXT, ...body }),
    signal,
  });
  return audition(req, { params: Promise.resolve({}) });
}

async function metrics(): Promise<string> {
  return (await fetch(`${slow.url}/metrics`, { headers: slow.authHeaders })).text();
}
const sample = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, "m").exec(text)?.[1] ?? 0);
const cancelledRunning = (text: string) => Number(/^tts_cancelled_total\{stage="running"\} (\d+)/m.exec(text)?.[1] ?? 0);

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>, first: Uint8Array[]): Promise<Buffer> {
  const parts = [...first];
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  return Buffer.concat(parts);
}

function mp3Seconds(bytes: Buffer): number {
  const file = path.join(dir, `audition-${Date.now()}.mp3`);
  fs.writeFileSync(file, bytes);
  execFileSync("ffmpeg", ["-v", "error", "-xerror", "-i", file, "-f", "null", "-"]);
  return Number(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]).toString().trim());
}

describe("streamed auditions", () => {
  it("passes the first MP3 bytes on while the worker is still rendering later sentences, then the whole sample", async () => {
    const rendersBefore = sample(await metrics(), "tts_renders_total");
    const res = await post({});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mpeg");
    expect(res.headers.get("x-tts-engine")).toBe("kokoro");
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Order, not time: when the first bytes arrive here, the worker's render is still running.
    const during = await metrics();
    expect(sample(during, "tts_in_flight")).toBe(1);
    expect(sample(during, "tts_renders_total")).toBe(rendersBefore);
    const whole = await readAll(reader, [first.value!]);
    expect(sample(await metrics(), "tts_renders_total")).toBe(rendersBefore + 1);
    expect(whole.length).toBeGreaterThan(first.value!.length);
    expect(mp3Seconds(whole)).toBeGreaterThan(1);
  });

  it("stops the worker's render when the browser disconnects after the first bytes", async () => {
    const before = await metrics();
    const controller = new AbortController();
    const res = await post({}, controller.signal);
    await res.body!.getReader().read();
    controller.abort();
    await expect.poll(async () => sample(await metrics(), "tts_in_flight"), { timeout: 20_000 }).toBe(0);
    const after = await metrics();
    expect(cancelledRunning(after)).toBe(cancelledRunning(before) + 1);
    expect(sample(after, "tts_renders_total")).toBe(sample(before, "tts_renders_total"));
  });

  it("stops the worker's render when the player cancels the stream (Stop)", async () => {
    const before = await metrics();
    const reader = (await post({})).body!.getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(async () => sample(await metrics(), "tts_in_flight"), { timeout: 20_000 }).toBe(0);
    const after = await metrics();
    expect(cancelledRunning(after)).toBe(cancelledRunning(before) + 1);
    expect(sample(after, "tts_renders_total")).toBe(sample(before, "tts_renders_total"));
  });

  it("refuses a mix with a voice the worker lacks, naming it, before asking the worker for anything", async () => {
    // Had the worker been asked, it would have answered (and counted) unknown_voice itself.
    const workerRefusals = (text: string) => Number(/^tts_errors_total\{code="unknown_voice"\} (\d+)/m.exec(text)?.[1] ?? 0);
    const refusalsBefore = workerRefusals(await metrics());
    const res = await post({ voice: "af_heart(2)+af_belle(1)" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unknown_voice");
    expect(body.error.message).toContain('"af_belle"');
    expect(workerRefusals(await metrics())).toBe(refusalsBefore);
  });

  it("refuses a mix the worker's parser refuses, and text over the audition cap", async () => {
    const bad = await post({ voice: "af_heart(0)+af_bella" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("the weight of af_heart in the voice mix must be above 0");
    const long = await post({ text: "a".repeat(401) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain("Auditions are limited to 400 characters");
  });
});
