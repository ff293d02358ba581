import { randomUUID } from "node:crypto";
import { NextRequest, NextResponse } from "next/server";
import { ZodError } from "zod";
import { getAppContext, UnauthorizedError, type AppContext } from "@/lib/context";
import type { Result } from "@/lib/result";
import { statusForCode, type HttpError } from "./errors";

export type RouteContext<P> = { req: NextRequest; params: P; requestId: string; context: () => Promise<AppContext> };

/**
 * JSON bodies above this are answered 413 `payload_too_large` before any handler parses them. The largest
 * valid body is a campaign picking MAX_RECIPIENTS (100,000) contacts by id: 100,000 × 39 bytes ≈ 3.9 MB.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${formatBytes(limitBytes)}.`);
  }
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${Math.round(n / 1024)} KB`);

/**
 * Reads a request body, refusing it as soon as it passes `limitBytes`: by Content-Length when the client
 * sent one, else while streaming (a chunked upload cannot make the server buffer more than the limit).
 */
export async function readBodyCapped(req: Request, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers.get("content-length") ?? 0) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** JSON requests get their body read here, with the cap, and handed on as a fresh request (so `req.json()` still works). */
async function withCappedJsonBody(req: NextRequest): Promise<NextRequest> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!BODY_METHODS.has(req.method) || !(type === "application/json" || type.endsWith("+json"))) return req;
  const body = await readBodyCapped(req, MAX_JSON_BODY_BYTES);
  return new NextRequest(req.nextUrl, { method: req.method, headers: req.headers, body: new Uint8Array(body), signal: req.signal });
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler: request id, zod and JSON errors as 400 with the issues, anything unexpected logged
 * with the request id and answered as a generic 500 (internal messages never reach the client). The handler
 * gets `context()`, the signed-in caller's context (loaded once per request; without a session it throws and
 * route() answers 401), and calls it after validating its input, so bad input is refused without a session
 * lookup.
 */
export function route<P = Record<string, string>>(handler: Handler<P>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    let appContext: Promise<AppContext> | null = null;
    const loadContext = () => (appContext ??= getAppContext());
    try {
      const response = await handler({ req: await withCappedJsonBody(req), params: await context.params, requestId, context: loadContext });
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        return errorResponse({ code: "unauthorized", message: error.message }, requestId);
      }
      if (error instanceof PayloadTooLargeError) {
        return errorResponse({ code: "payload_too_large", message: error.message }, requestId);
      }
      if (error instanceof ZodError) {
        return errorResponse({ code: "validation_failed", message: summarizeZod(error), details: error.issues }, requestId);
      }
      if (error instanceof SyntaxError && /JSON/i.test(error.message)) {
        return errorResponse({ code: "invalid_json", message: "The request body is not valid JSON." }, requestId);
      }
      console.error(JSON.stringify({ level: "error", msg: "unhandled route error", requestId, path: req.nextUrl.pathname, error: describeForLog(error) }));
      return errorResponse({ code: "internal_error", message: `Something went wrong on our side (request ${requestId}).` }, requestId);
    }
  };
}

/**
 * Drizzle's "Failed query: <sql>\nparams: <values>" carries contact names and phones in the params: log
 * the SQL and the driver's reason, never the values.
 */
export function describeForLog(error: unknown): string {
  const e = error as Error & { cause?: { message?: string; code?: string } };
  const text = String(e?.stack ?? error);
  if (!/^(\w*Error: )?Failed query:/.test(text)) return text;
  const query = text.replace(/^(\w*Error: )?Failed query: /, "").split(/\nparams:/)[0]!.slice(0, 500);
  return `Failed query: ${query} (${[e.cause?.code, e.cause?.message].filter(Boolean).join(" ") || "no cause"})`;
}

export function summarizeZod(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export function errorResponse(error: HttpError, requestId?: string): NextResponse {
  const res = NextResponse.json({ error }, { status: statusForCode(error.code) });
  if (requestId) res.headers.set("x-request-id", requestId);
  return res;
}

/** Maps a use-case Result to a JSON response. */
export function respond<T>(result: Result<T, HttpError>, options: { successStatus?: number } = {}): NextResponse {
  if (!result.ok) return errorResponse(result.error);
  return NextResponse.json(result.value, { status: options.successStatus ?? 200 });
}
