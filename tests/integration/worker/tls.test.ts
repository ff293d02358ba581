import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkerPool } from "@/lib/worker-client";
import { createLoopbackCertificate } from "../../helpers/tls";
import { startTestWorker, type TestWorker } from "../../../harness/worker-process";

describe("a worker serving HTTPS with its own certificate", () => {
  let worker: TestWorker;
  let ca: string;
  const pools: WorkerPool[] = [];
  // A short render deadline for the pools that must find no worker; a busy machine gets time to render.
  const poolFor = (options: { ca?: string; url?: string; renderDeadlineMs?: number }) => {
    const pool = new WorkerPool({ urls: [options.url ?? worker.url], token: worker.token ?? undefined, ca: options.ca, probeTimeoutMs: 15_000, renderDeadlineMs: options.renderDeadlineMs ?? 30_000 });
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    const certificate = await createLoopbackCertificate();
    ca = certificate.ca;
    worker = await startTestWorker({ tls: certificate });
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    await worker?.stop();
  });

  it("renders for the web's worker client when it trusts the worker's CA", async () => {
    expect(worker.url).toMatch(/^https:\/\//);
    const pool = poolFor({ ca });
    await pool.probe();
    expect(pool.info()?.workers[0]).toMatchObject({ ready: true, error: null });
    const rendered = await pool.render({ text: "Hi Maria, see you on Tuesday.", voice: "af_heart", speed: 1, format: "wav" });
    if (!rendered.ok) throw new Error(rendered.error.message);
    expect(rendered.value.bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
    expect(rendered.value.audioMs).toBeGreaterThan(0);
    expect(worker.logs().find((l) => l.msg === "listening")?.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
  });

  it("refuses the worker when its certificate is not trusted, and never falls back to plain HTTP", async () => {
    const untrusting = poolFor({ renderDeadlineMs: 2_000 });
    await untrusting.probe();
    expect(untrusting.info()).toBeNull();
    expect(untrusting.workers()[0]?.error).toMatch(/certificate/i);
    const refused = await untrusting.render({ text: "Hello.", voice: "af_heart", speed: 1, format: "wav" });
    expect(refused).toMatchObject({ ok: false, error: { code: "no_worker" } });
    const plain = poolFor({ ca, url: worker.url.replace("https://", "http://") });
    await plain.probe();
    expect(plain.info()).toBeNull();
  });
});
