import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import type { Result } from "@/lib/result";
import { statusForCode, type AppError } from "./errors";

export type RouteContext<P> = { req: NextRequest; params: P; requestId: string };

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler: request id, zod and JSON errors as 400 with the issues, anything unexpected logged
 * with the request id and answered as a generic 500 (internal messages never reach the client).
 */
export function route<P = Record<string, string>>(handler: Handler<P>) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    try {
      const response = await handler({ req, params: await context.params, requestId });
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      if (error instanceof ZodError) {
        return errorResponse({ code: "validation_failed", message: summarizeZod(error), details: error.issues }, requestId);
      }
      if (error instanceof SyntaxError && /JSON/i.test(error.message)) {
        return errorResponse({ code: "invalid_json", message: "The request body is not valid JSON." }, requestId);
      }
      console.error(JSON.stringify({ level: "error", msg: "unhandled route error", requestId, path: req.nextUrl.pathname, error: String((error as Error)?.stack ?? error) }));
      return errorResponse({ code: "internal_error", message: `Something went wrong on our side (request ${requestId}).` }, requestId);
    }
  };
}

export function summarizeZod(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export function errorResponse(error: AppError, requestId?: string): NextResponse {
  const res = NextResponse.json({ error }, { status: statusForCode(error.code) });
  if (requestId) res.headers.set("x-request-id", requestId);
  return res;
}

/** Maps a use-case Result to a JSON response. */
export function respond<T>(result: Result<T, AppError>, options: { successStatus?: number } = {}): NextResponse {
  if (!result.ok) return errorResponse(result.error);
  return NextResponse.json(result.value, { status: options.successStatus ?? 200 });
}
