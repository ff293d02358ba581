// The Kokoro download path run for real, against a local server that behaves like the model hub: /resolve/
// answers LFS files with a 302 to a CDN host (another loopback address) carrying the file's sha256 and size
// (x-linked-etag, x-linked-size), the CDN honours Range requests, and small files come straight from the hub.
// The payload is the tiny model's files; the last test ends in a worker that loads what it downloaded.
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadKokoroModel } from "@/workers/tts/model-download";
import { requiredModelFiles } from "@/workers/tts/model-files";
import { postToWorker, prepareTinyModelDir, startTestWorker, type TestWorker } from "@/harness/worker-process";

const LFS_FILE = "onnx/model_quantized.onnx";

type Fault = "cut" | "corrupt" | null;
type FakeHub = {
  baseUrl: string;
  /** What the CDN does to the next LFS download (once). */
  nextFault(fault: Fault): void;
  /** Range headers the CDN received, in order ("" for none). */
  cdnRanges: string[];
  close(): Promise<void>;
};

async function listen(server: http.Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

async function startFakeHub(files: Map<string, Buffer>): Promise<FakeHub> {
  let fault: Fault = null;
  const cdnRanges: string[] = [];
  const cdn = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url!, "http://cdn").pathname.replace(/^\/blobs\//, ""));
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    const range = req.headers.range ?? "";
    cdnRanges.push(range);
    const start = Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0);
    if (start >= body.length) return void res.writeHead(416, { "content-range": `bytes */${body.length}` }).end();
    const slice = Buffer.from(body.subarray(start));
    const headers = { "content-length": String(slice.length), "accept-ranges": "bytes", "content-type": "application/octet-stream" };
    if (range) res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${body.length - 1}/${body.length}` });
    else res.writeHead(200, headers);
    const now = fault;
    fault = null;
    if (now === "cut") {
      // Half the file, a pause while it is written to disk, then the connection drops mid-download.
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => setTimeout(() => res.destroy(), 300));
      return;
    }
    if (now === "corrupt") slice[Math.floor(slice.length / 3)]! ^= 0xff;
    res.end(slice);
  });
  const cdnPort = await listen(cdn, "127.0.0.2");
  const hub = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url!, "http://hub").pathname.replace(/^\/resolve\/main\//, ""));
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    if (name.endsWith(".onnx")) {
      const sha = createHash("sha256").update(body).digest("hex");
      res.writeHead(302, { location: `http://127.0.0.2:${cdnPort}/blobs/${name}`, "x-linked-etag": `"${sha}"`, "x-linked-size": String(body.length) });
      return void res.end();
    }
    res.writeHead(200, { "content-length": String(body.length), "content-type": "application/json" }).end(body);
  });
  const hubPort = await listen(hub, "127.0.0.1");
  const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    baseUrl: `http://127.0.0.1:${hubPort}/resolve/main`,
    nextFault: (next) => (fault = next),
    cdnRanges,
    close: async () => {
      hub.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([close(hub), close(cdn)]);
    },
  };
}

describe("Kokoro model download against a hub-like server", () => {
  let files: Map<string, Buffer>;
  let hub: FakeHub;
  const workers: TestWorker[] = [];
  beforeAll(async () => {
    const tiny = await prepareTinyModelDir();
    files = new Map(await Promise.all(requiredModelFiles("q8").map(async (f) => [f, await readFile(path.join(tiny, f))] as const)));
    hub = await startFakeHub(files);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await hub.close();
  });

  const freshDir = () => mkdtempSync(path.join(os.tmpdir(), "kokoro-download-"));
  const download = (dir: string) => downloadKokoroModel({ dir, dtype: "q8", baseUrl: hub.baseUrl, connectTimeoutMs: 2_000 });
  async function expectSameFiles(dir: string) {
    for (const [name, body] of files) expect((await readFile(path.join(dir, name))).equals(body), name).toBe(true);
    expect(await readdir(path.join(dir, "onnx"))).toEqual(["model_quantized.onnx"]); // no .part left behind
  }

  it("follows the redirect to the CDN and checks the size and sha256 the hub announced", async () => {
    const dir = freshDir();
    const before = hub.cdnRanges.length;
    await download(dir);
    await expectSameFiles(dir);
    expect(hub.cdnRanges.slice(before)).toEqual([""]);
  });

  it("resumes with a Range request after the connection is cut mid-file", async () => {
    const dir = freshDir();
    hub.nextFault("cut");
    await expect(download(dir)).rejects.toThrow();
    const partial = (await stat(path.join(dir, `${LFS_FILE}.part`))).size;
    const total = files.get(LFS_FILE)!.length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);

    const before = hub.cdnRanges.length;
    await download(dir);
    expect(hub.cdnRanges.slice(before)).toEqual([`bytes=${partial}-`]);
    await expectSameFiles(dir);
  });

  it("refuses a file with a corrupted byte, removes it, and gets it right on the next run", async () => {
    const dir = freshDir();
    hub.nextFault("corrupt");
    await expect(download(dir)).rejects.toThrow(/onnx\/model_quantized\.onnx: sha256 [0-9a-f]{64} does not match [0-9a-f]{64}; the partial file was removed/);
    await expect(stat(path.join(dir, `${LFS_FILE}.part`))).rejects.toThrow();
    await expect(stat(path.join(dir, LFS_FILE))).rejects.toThrow();
    await download(dir);
    await expectSameFiles(dir);
  });

  it("starts over when a leftover partial file is already as long as the file, or longer", async () => {
    const dir = freshDir();
    const total = files.get(LFS_FILE)!.length;
    await mkdir(path.join(dir, "onnx"), { recursive: true });
    await writeFile(path.join(dir, `${LFS_FILE}.part`), Buffer.alloc(total + 10));
    const before = hub.cdnRanges.length;
    await download(dir);
    // The CDN answered the resume with 416; the download began again from the first byte.
    expect(hub.cdnRanges.slice(before)).toEqual([`bytes=${total + 10}-`, ""]);
    await expectSameFiles(dir);
  });

  it("ends in an auto worker that downloads Kokoro at start and loads it", async () => {
    const dir = freshDir();
    hub.nextFault("cut"); // the first attempt fails half-way: auto falls back, and says why
    const fallback = await startTestWorker({ engine: "auto", threads: 1, modelDir: dir, env: { TTS_MODEL_DOWNLOAD: "1", TTS_MODEL_URL: hub.baseUrl } });
    workers.push(fallback);
    expect(fallback.readiness.engine).toBe("builtin");
    expect(fallback.readiness.warning).toContain("download failed");
    await fallback.stop();

    // Restarted, it resumes the partial file and runs Kokoro (the tiny model with Kokoro's interface).
    const worker = await startTestWorker({ engine: "auto", threads: 1, modelDir: dir, env: { TTS_MODEL_DOWNLOAD: "1", TTS_MODEL_URL: hub.baseUrl } });
    workers.push(worker);
    expect(worker.readiness.engine).toBe("kokoro");
    expect(worker.readiness.warning).toBeUndefined();
    expect(hub.cdnRanges.at(-1)).toMatch(/^bytes=\d+-$/);
    await expectSameFiles(dir);
    const res = await postToWorker(worker, "/v1/render", { text: "Hello Maria.", voice: "af_heart" });
    expect(res.status).toBe(200);
    expect(worker.networkAttempts()).toEqual([]);
  }, 180_000); // two worker starts in one test
});
