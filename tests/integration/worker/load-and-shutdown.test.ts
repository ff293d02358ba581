// Pool behaviour under load and SIGTERM draining live in one file so that these CPU-heavy tests run one after
// the other instead of in parallel forks competing for the same two cores (which would distort the timings).
import { afterAll, describe, expect, it } from "vitest";
import { errorBodySchema, readinessSchema } from "@/lib/protocol/tts";
import { postToWorker, startTestWorker, type TestWorker } from "@/harness/worker-process";

const workers: TestWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

async function metricValue(worker: TestWorker, name: string): Promise<number> {
  const text = await (await fetch(`${worker.url}/metrics`, { headers: worker.authHeaders })).text();
  const match = new RegExp(`^${name} ([\\d.]+)$`, "m").exec(text);
  if (!match) throw new Error(`metric ${name} missing`);
  return Number(match[1]);
}

describe("pool: concurrency, liveness under load, saturation", () => {
  it("serves 20 concurrent renders on two model threads at once while /healthz stays under 50 ms", async () => {
    const worker = await startTestWorker({ threads: 2, model: { extraFlopsPerSample: 20_000 } });
    workers.push(worker);
    expect(worker.readiness.capacity).toBe(2);

    await (await fetch(`${worker.url}/healthz`)).text(); // open the keep-alive connection before measuring
    const healthLatencies: number[] = [];
    let loadDone = false;
    const probe = (async () => {
      while (!loadDone) {
        const started = performance.now();
        const res = await fetch(`${worker.url}/healthz`);
        await res.text();
        healthLatencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postToWorker(worker, "/v1/render", { text: `Hello number ${i}, your appointment is on Tuesday at two.`, voice: "af_heart" }),
      ),
    );
    loadDone = true;
    await probe;

    expect(results.map((r) => r.status)).toEqual(new Array(20).fill(200));
    expect(await metricValue(worker, "tts_model_runs_max_concurrent")).toBeGreaterThanOrEqual(2);
    expect(healthLatencies.length).toBeGreaterThan(5);
    // p95, not max: on a 2-core CI box the other test fork (spawning workers, transpiling) can starve any
    // process for a scheduler slice; the worker's own design is what p95 measures (model threads run 10 nice steps below the HTTP thread).
    const sorted = [...healthLatencies].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
    expect(p95).toBeLessThan(50);
    const readiness = readinessSchema.parse(await (await fetch(`${worker.url}/readyz`, { headers: worker.authHeaders })).json());
    expect(readiness.meanGenerationMsPerAudioSecond).toBeGreaterThan(0);
    console.info(
      `20 concurrent renders: /healthz p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms over ${sorted.length} probes; ` +
        `mean generation ${readiness.meanGenerationMsPerAudioSecond} ms per audio second`,
    );
  });

  it("returns 503 overloaded with Retry-After when the queue is full", async () => {
    const worker = await startTestWorker({ threads: 1, maxQueue: 1, model: { extraFlopsPerSample: 100_000 } });
    workers.push(worker);
    const text = "This message keeps the only model thread busy for a while, on purpose.";
    const results = await Promise.all(
      Array.from({ length: 5 }, () => postToWorker(worker, "/v1/render", { text, voice: "af_heart" })),
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(ok).toHaveLength(2); // one running, one queued
    expect(refused).toHaveLength(3);
    for (const res of refused) {
      expect(errorBodySchema.parse(res.json())).toMatchObject({ code: "overloaded", retryable: true });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(await metricValue(worker, "tts_queue_depth")).toBe(0);
  });
});


const SLOW = { extraFlopsPerSample: 100_000 };
const TEXT = "Hello Maria, this is Bright Smile Dental. Your appointment is on Tuesday.";

describe("SIGTERM", () => {
  it("drains in-flight and queued renders, refuses new connections, and exits 0", async () => {
    const worker = await startTestWorker({ threads: 1, model: SLOW });
    const renders = Array.from({ length: 3 }, () => postToWorker(worker, "/v1/render", { text: TEXT, voice: "af_heart" }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = worker.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${worker.url}/healthz`)).rejects.toThrow();
    const results = await Promise.all(renders);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(worker.logs().some((l) => l.msg === "stopped" && l.drained === true)).toBe(true);
  });

  it("stops waiting after TTS_DRAIN_TIMEOUT_MS and still exits 0", async () => {
    const worker = await startTestWorker({ threads: 1, model: SLOW, drainTimeoutMs: 200 });
    const render = postToWorker(worker, "/v1/render", { text: TEXT.repeat(4), voice: "af_heart" }).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    await render;
  });

  it("exits at once on a second signal", async () => {
    const worker = await startTestWorker({ threads: 1, model: SLOW });
    // Long enough (60 sentences on the slow model) to be still draining when the second signal comes, even
    // on an idle machine: a drain that finished first would exit 0 and prove nothing.
    const render = postToWorker(worker, "/v1/render", { text: TEXT.repeat(30), voice: "af_heart" }).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(worker.pid(), "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // a repeat within a second is the same request
    const started = Date.now();
    process.kill(worker.pid(), "SIGTERM");
    const exit = await worker.exited();
    // "At once" compared with the 30 s drain cap this worker would otherwise wait for.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(exit, worker.stderr().slice(-2000)).toEqual({ code: null, signal: "SIGKILL" });
    await render;
  });
});
