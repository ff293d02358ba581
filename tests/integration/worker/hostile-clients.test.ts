import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema, LIMITS, openAiErrorBodySchema } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const HEADERS_TIMEOUT_MS = 1_500;
const REQUEST_TIMEOUT_MS = 2_000;

let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker({
    threads: 1,
    env: { TTS_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), TTS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
  });
});
afterAll(async () => {
  await worker?.stop();
});

async function timedHealthz(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${worker.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  await res.body?.cancel();
  return { status: res.status, ms: performance.now() - started };
}

/** Sends a body without Content-Length (chunked), so the limit can only be enforced while reading. */
function postChunked(path: string, chunks: number, chunk: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${worker.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...worker.authHeaders } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve({ status: 413, body: "{}" }) : reject(error)));
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent += 1;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

describe("huge and deeply nested JSON", () => {
  it("answers 413 to a 1 MB body sent chunked, without Content-Length", async () => {
    const res = await postChunked("/v1/render", 16, Buffer.alloc(64 * 1024, "[".charCodeAt(0)));
    expect(res.status).toBe(413);
    if (res.body !== "{}") expect(errorBodySchema.parse(JSON.parse(res.body)).code).toBe("payload_too_large");
  });

  it("answers 400 to a 100,000-deep array and to a deep value inside a valid-looking request", async () => {
    const depth = 100_000;
    const deep = `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect(Buffer.byteLength(deep)).toBeLessThan(LIMITS.maxBodyBytes);
    const bare = await postToWorker(worker, "/v1/render", null, { rawBody: deep });
    expect(bare.status).toBe(400);
    expect(errorBodySchema.parse(bare.json()).code).toBe("invalid_request");
    const nested = await postToWorker(worker, "/v1/audio/speech", null, { rawBody: `{"model":"kokoro","voice":"af_heart","input":${deep}}` });
    expect(nested.status).toBe(400);
    const objects = await postToWorker(worker, "/v1/render", null, { rawBody: `${'{"a":'.repeat(40_000)}1${"}".repeat(40_000)}` });
    expect(objects.status).toBe(400);
    expect((await timedHealthz()).status).toBe(200);
  });
});

describe("slowloris clients", () => {
  it("keeps /healthz prompt while 50 sockets trickle headers or stall their bodies, and cuts them off after the timeouts", async () => {
    const sockets: net.Socket[] = [];
    const closedAt: number[] = [];
    const opened = Date.now();
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < 50; i++) {
      const socket = net.connect(worker.port, "127.0.0.1");
      socket.on("error", () => {});
      socket.on("close", () => closedAt.push(Date.now() - opened));
      socket.resume();
      sockets.push(socket);
      if (i % 2 === 0) {
        // Headers one byte every 100 ms: never finishes inside the headers timeout.
        const head = Buffer.from(`POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Pad: ${"a".repeat(200)}\r\n\r\n`);
        let at = 0;
        const timer = setInterval(() => {
          if (socket.destroyed || at >= head.length) return clearInterval(timer);
          socket.write(head.subarray(at, ++at));
        }, 100);
        timers.push(timer);
      } else {
        // Complete headers, then a body that never arrives.
        socket.write(
          `POST /v1/render HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
            `Authorization: ${worker.authHeaders.authorization ?? ""}\r\nContent-Length: 1000\r\n\r\n{"text":`,
        );
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    const probes = [];
    for (let i = 0; i < 5; i++) {
      probes.push(await timedHealthz());
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(probes.every((p) => p.status === 200)).toBe(true);
    const slowest = Math.max(...probes.map((p) => p.ms));
    expect(slowest).toBeLessThan(500);

    await expect.poll(() => closedAt.length, { timeout: 10_000, interval: 100 }).toBe(50);
    for (const timer of timers) clearInterval(timer);
    const last = Math.max(...closedAt);
    console.log(`[hostile] slowloris: 50 sockets; /healthz slowest ${Math.round(slowest)} ms; all closed by the worker within ${last} ms`);
    // Each is closed by the worker, not by the test, soon after the longer of the two timeouts.
    expect(Math.min(...closedAt)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 200);
    expect(last).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    expect((await timedHealthz()).status).toBe(200);
  });
});

describe("per-client rate limit", () => {
  let limited: TestWorker;
  beforeAll(async () => {
    limited = await startTestWorker({ threads: 1, env: { TTS_RATE_LIMIT_PER_MINUTE: "60" } });
  });
  afterAll(async () => {
    await limited?.stop();
  });

  it("answers 429 rate_limited with Retry-After past the budget, and never limits the health probes", async () => {
    const statuses: number[] = [];
    let limitedResponse: Response | null = null;
    for (let i = 0; i < 15; i++) {
      const res = await fetch(`${limited.url}/v1/audio/voices`, { headers: limited.authHeaders });
      statuses.push(res.status);
      if (res.status === 429 && !limitedResponse) limitedResponse = res;
      else await res.body?.cancel();
    }
    // 60 a minute with a burst of 10: the first 10 pass, the rest wait about a second each.
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    expect(Number(limitedResponse!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(openAiErrorBodySchema.parse(await limitedResponse!.json()).error).toMatchObject({ code: "rate_limited", type: "rate_limit_error" });
    // Wrong tokens are limited too (the check runs before auth), and probes are exempt.
    const guess = await fetch(`${limited.url}/v1/audio/voices`, { headers: { authorization: "Bearer wrong-token-0000000" } });
    expect(guess.status).toBe(429);
    for (let i = 0; i < 20; i++) {
      const probe = await fetch(`${limited.url}/readyz`, { headers: limited.authHeaders });
      expect(probe.status).toBe(200);
      await probe.body?.cancel();
    }
    const metrics = await (await fetch(`${limited.url}/metrics`, { headers: limited.authHeaders })).text();
    expect(metrics).toMatch(/rate_limited/);
  });
});
