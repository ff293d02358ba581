/** Small node:http helpers shared by the handlers: JSON/error responses, bounded body reading, auth. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LIMITS } from "../../lib/protocol/tts";
import { ClientClosedError, TtsError } from "./errors";

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

/** `openai` answers in OpenAI's `{error: {message, type, param, code}}` envelope (the OpenAI-compatible routes). */
export function sendError(res: ServerResponse, error: TtsError, envelope: "tts" | "openai" = "tts"): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  sendJson(res, error.status, envelope === "openai" ? error.toOpenAiBody() : error.toBody(), headers);
}

/**
 * Reads a JSON body: 415 unless JSON, 413 past LIMITS.maxBodyBytes (checked before and while reading), 408
 * when the whole body has not arrived within `timeoutMs`. Node's own request timeout does not cut off a
 * body that keeps dribbling in (only the longer headers timeout does), so the deadline is enforced here.
 * A client that closes the connection mid-body ends it with ClientClosedError.
 */
export async function readJsonBody(req: IncomingMessage, timeoutMs: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new TtsError("unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  }
  if (Number(req.headers["content-length"] ?? 0) > LIMITS.maxBodyBytes) throw tooLarge();
  const body = await readBody(req, timeoutMs);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new TtsError("invalid_json", "the body is not valid JSON");
  }
}

const tooLarge = () => new TtsError("payload_too_large", `the body must be at most ${LIMITS.maxBodyBytes} bytes`);

function readBody(req: IncomingMessage, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("close", onClose);
      if (error) {
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.maxBodyBytes) settle(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new ClientClosedError("upload"));
    const timer = setTimeout(
      () => settle(new TtsError("request_timeout", `the request body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on("data", onData).once("end", onEnd).once("close", onClose);
  });
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
