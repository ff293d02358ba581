/**
 * A fake TTS worker that speaks lib/protocol/tts.ts, for injecting faults the real worker would not produce
 * on demand (503s, garbage, hangs, closed sockets). Renders answer with a short deterministic PCM tone
 * unless `behave` says otherwise. Everything else in the tests uses the real worker.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import pLimit from "p-limit";
import { PROTOCOL_VERSION, RENDER_HEADERS, type Readiness } from "@/lib/protocol/tts";

export type FakeBehaviour =
  /**
   * `modelVersion` overrides the version in the response headers (a worker swapped under the dispatcher);
   * `delayMs` answers that much later (a slow render); `heldUntil` answers once it resolves.
   */
  | { kind: "ok"; modelVersion?: string; delayMs?: number; heldUntil?: Promise<void> }
  | { kind: "error"; status: number; code: string; retryable: boolean; retryAfterSeconds?: number }
  | { kind: "garbage" }
  | { kind: "hang" }
  | { kind: "destroy" };

export type FakeWorker = {
  url: string;
  requests: { text: string; at: number }[];
  close(): Promise<void>;
};

export async function startFakeWorker(options: {
  behave?: (request: { text: string; n: number }) => FakeBehaviour;
  capacity?: number;
  modelVersion?: string;
  /** Renders beyond `capacity` wait for a free slot, as on the real worker, so delayMs bounds its throughput. */
  queueBeyondCapacity?: boolean;
}): Promise<FakeWorker> {
  const slots = options.queueBeyondCapacity ? pLimit(options.capacity ?? 2) : null;
  const requests: FakeWorker["requests"] = [];
  const sockets = new Set<import("node:net").Socket>();
  const readiness: Readiness = {
    status: "ready",
    protocolVersion: PROTOCOL_VERSION,
    engine: "kokoro",
    modelId: "fake",
    modelVersion: options.modelVersion ?? "fake-1",
    voices: ["af_heart"],
    sampleRate: 24_000,
    capacity: options.capacity ?? 2,
    inFlight: 0,
    queued: 0,
    maxQueue: 0,
    meanGenerationMsPerAudioSecond: 100,
    threads: 1,
    intraOpThreads: 1,
  };
  const server = http.createServer(async (req, res) => {
    if (req.url === "/readyz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(readiness));
      return;
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    const { text } = JSON.parse(body) as { text: string };
    requests.push({ text, at: Date.now() });
    const behaviour = options.behave?.({ text, n: requests.length }) ?? { kind: "ok" };
    switch (behaviour.kind) {
      case "ok": {
        const sleep = () => new Promise((resolve) => setTimeout(resolve, behaviour.delayMs ?? 0));
        if (slots) await slots(sleep);
        else if (behaviour.delayMs) await sleep();
        await behaviour.heldUntil;
        const samples = 2_400 + text.length * 100;
        const pcm = Buffer.alloc(samples * 2);
        for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(Math.sin(i / 10) * 8_000), i * 2);
        res.writeHead(200, {
          "content-type": "audio/L16",
          [RENDER_HEADERS.sampleRate]: "24000",
          [RENDER_HEADERS.audioMs]: String(Math.round((samples / 24_000) * 1000)),
          [RENDER_HEADERS.generationMs]: "5",
          [RENDER_HEADERS.engine]: "kokoro",
          [RENDER_HEADERS.modelVersion]: behaviour.modelVersion ?? readiness.modelVersion,
          [RENDER_HEADERS.requestId]: String(requests.length),
        });
        res.end(pcm);
        return;
      }
      case "error":
        res.writeHead(behaviour.status, {
          "content-type": "application/json",
          ...(behaviour.retryAfterSeconds ? { "retry-after": String(behaviour.retryAfterSeconds) } : {}),
        });
        res.end(JSON.stringify({ code: behaviour.code, message: `fake ${behaviour.code}`, retryable: behaviour.retryable }));
        return;
      case "garbage":
        res.writeHead(200, { "content-type": "audio/L16" }).end("not audio at all");
        return;
      case "hang":
        return; // never answers; the client's deadline must end it
      case "destroy":
        req.socket.destroy();
        return;
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
