/**
 * Downloads the public Kokoro-82M v1.0 ONNX export from the model hub into a directory: the `hub` source of
 * model-sources.ts. Each file is fetched into `<file>.part` (resumed with a Range
 * request when a partial file exists), checked against the size the server announced and, for LFS files,
 * against the sha256 Hugging Face sends in `x-linked-etag`, then renamed into place atomically.
 * A connect timeout makes an offline machine fail in seconds instead of hanging.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Agent, fetch as undiciFetch } from "undici";
import type { Dtype } from "./env";
import { requiredModelFiles } from "./model-files";

export type DownloadProgress = { file: string; receivedBytes: number; totalBytes: number | null; done: boolean };

export type DownloadOptions = {
  dir: string;
  dtype: Dtype;
  /** e.g. https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main */
  baseUrl: string;
  connectTimeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
};

export class DownloadError extends Error {
  override name = "DownloadError";
}

export async function downloadKokoroModel(options: DownloadOptions): Promise<void> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const dispatcher = new Agent({
    connect: { timeout: connectTimeoutMs },
    // Hugging Face answers with headers at once; a server that accepts and then says nothing is a failure.
    headersTimeout: Math.max(1_000, 2 * connectTimeoutMs),
    bodyTimeout: 60_000,
  });
  try {
    await mkdir(path.join(options.dir, "onnx"), { recursive: true });
    // The big file last: a failure on the small ones is found before minutes of transfer.
    for (const file of requiredModelFiles(options.dtype)) {
      const target = path.join(options.dir, file);
      if ((await stat(target).catch(() => null))?.isFile()) {
        options.onProgress?.({ file, receivedBytes: 0, totalBytes: null, done: true });
        continue;
      }
      await downloadFile(`${options.baseUrl.replace(/\/$/, "")}/${file}`, target, file, dispatcher, options.onProgress);
    }
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

async function request(url: string, dispatcher: Agent, headers: Record<string, string>) {
  try {
    return await undiciFetch(url, { dispatcher, headers, redirect: "manual" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new DownloadError(`could not reach ${new URL(url).origin} (${why}); check the network or a proxy`);
  }
}

async function downloadFile(
  url: string,
  target: string,
  label: string,
  dispatcher: Agent,
  onProgress?: (progress: DownloadProgress) => void,
): Promise<void> {
  const part = `${target}.part`;
  const existing = (await stat(part).catch(() => null))?.size ?? 0;
  const headers: Record<string, string> = existing > 0 ? { range: `bytes=${existing}-` } : {};

  // Hugging Face answers /resolve/ with a redirect to its CDN; the redirect carries the LFS sha256 and size.
  let response = await request(url, dispatcher, headers);
  let expectedSha: string | null = null;
  let expectedSize: number | null = null;
  for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
    const linkedEtag = response.headers.get("x-linked-etag")?.replace(/"/g, "");
    if (linkedEtag && /^[0-9a-f]{64}$/.test(linkedEtag)) expectedSha = linkedEtag;
    const linkedSize = Number(response.headers.get("x-linked-size"));
    if (linkedSize > 0) expectedSize = linkedSize;
    const location = response.headers.get("location");
    if (!location || hops >= 5) throw new DownloadError(`${label}: bad redirect from ${url}`);
    await response.body?.cancel();
    response = await request(new URL(location, url).toString(), dispatcher, headers);
  }

  let offset = 0;
  if (response.status === 206 && existing > 0) offset = existing;
  else if (response.status === 416 && existing > 0) {
    // The partial file is already complete (or larger than the file): start over to be safe.
    await rm(part, { force: true });
    return downloadFile(url, target, label, dispatcher, onProgress);
  } else if (response.status !== 200) {
    await response.body?.cancel();
    throw new DownloadError(`${label}: ${url} answered HTTP ${response.status}`);
  }

  const contentRangeTotal = Number(response.headers.get("content-range")?.split("/")[1]);
  const contentLength = Number(response.headers.get("content-length"));
  const total =
    expectedSize ?? (contentRangeTotal > 0 ? contentRangeTotal : contentLength > 0 ? offset + contentLength : null);

  let received = offset;
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => {
    received += chunk.length;
    onProgress?.({ file: label, receivedBytes: received, totalBytes: total, done: false });
  });
  await pipeline(body, createWriteStream(part, { flags: offset > 0 ? "a" : "w" }));

  const size = (await stat(part)).size;
  if (total !== null && size !== total) {
    if (size > total) await rm(part, { force: true });
    throw new DownloadError(`${label}: got ${size} bytes, expected ${total}; run the download again to resume`);
  }
  if (expectedSha) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
    const actual = hash.digest("hex");
    if (actual !== expectedSha) {
      await rm(part, { force: true });
      throw new DownloadError(`${label}: sha256 ${actual} does not match ${expectedSha}; the partial file was removed`);
    }
  }
  await rename(part, target);
  onProgress?.({ file: label, receivedBytes: size, totalBytes: total, done: true });
}

/** A progress bar on a TTY, one line per 10 % otherwise (logs stay readable). */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: DownloadProgress) => void {
  let lastDecile = -1;
  let lastDraw = 0;
  return (p) => {
    const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
    const pct = p.totalBytes ? Math.min(100, Math.floor((p.receivedBytes / p.totalBytes) * 100)) : null;
    const text = `${p.file} ${mb(p.receivedBytes)}${p.totalBytes ? `/${mb(p.totalBytes)}` : ""} MB`;
    if (stream.isTTY) {
      const now = Date.now();
      if (!p.done && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = pct === null ? 0 : Math.round((pct / 100) * width);
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${pct ?? "?"}% ${text}${p.done ? "\n" : ""}`);
    } else {
      const decile = pct === null ? -1 : Math.floor(pct / 10);
      if (p.done || decile > lastDecile) {
        lastDecile = p.done ? -1 : decile;
        stream.write(`download ${p.done ? "done" : `${pct ?? "?"}%`} ${text}\n`);
      }
    }
  };
}
