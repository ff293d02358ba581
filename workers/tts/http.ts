/** Small node:http helpers shared by the handlers: JSON/error responses, bounded body reading, auth. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LIMITS } from "../../lib/protocol/tts";
import { TtsError } from "./errors";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: TtsError): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  sendJson(res, error.status, error.toBody(), headers);
}

/** Reads a JSON body: 415 unless JSON, 413 past LIMITS.maxBodyBytes (checked before and while reading). */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new TtsError("unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  }
  const tooLarge = () => new TtsError("payload_too_large", `the body must be at most ${LIMITS.maxBodyBytes} bytes`);
  if (Number(req.headers["content-length"] ?? 0) > LIMITS.maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMITS.maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new TtsError("invalid_json", "the body is not valid JSON");
  }
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Constant-time bearer check: both sides are hashed first so lengths never leak through timing. */
export function createAuthCheck(token: string | undefined): (req: IncomingMessage) => boolean {
  if (!token) return () => true;
  const expected = digest(token);
  return (req) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer (.+)$/i.exec(header);
    return timingSafeEqual(digest(match?.[1] ?? ""), expected) && match !== null;
  };
}
