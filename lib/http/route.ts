import { randomUUID } from "node:crypto";
import { NextRequest, NextResponse } from "next/server";
import { ZodError } from "zod";
import type { ApiKeyCaller, ApiKeyScope } from "@/lib/api-keys";
import type { Role } from "@/lib/values/roles";
import { findStorageFullError, isDatabaseUnavailable, isStorageFailure } from "@/lib/db";
import { env } from "@/lib/env";
import { err, ok, type Result } from "@/lib/result";
import { apiKeyOf, auditKeyRequest, CallerRefusedError, isKeyOnlyRequest, refusalForRole, requiredScope, resolveCaller } from "./caller";
import { statusForCode, type HttpError } from "./errors";
import { controlCharacterMessage, findControlCharacter } from "./text-input";
import { UnauthorizedError, type AppContext } from "@/lib/http/session";

export type RouteContext<P> = { req: NextRequest; params: P; requestId: string; context: () => Promise<AppContext> };

/**
 * The default body cap: bodies above it are answered 413 `payload_too_large` before any handler parses them. The largest
 * valid body is a campaign picking MAX_RECIPIENT_IDS (100,000) contacts by id: 100,000 × 39 bytes ≈ 3.9 MB.
 */
export const MAX_JSON_BODY_BYTES = 4 * 1024 * 1024;

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${formatBytes(limitBytes)}.`);
  }
}

/** The client went away (or its stream broke) while its body was being read: nobody is left to answer. */
export class RequestAbortedError extends Error {
  override name = "RequestAbortedError";
  constructor() {
    super("The request body was cut off before it was complete.");
  }
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${Math.round(n / 1024)} KB`);

/**
 * Reads a request body, refusing it as soon as it passes `limitBytes`: by Content-Length when the client
 * sent one, else while streaming (a chunked upload cannot make the server buffer more than the limit).
 * A stream that breaks half-way (the client aborted the upload) is a RequestAbortedError, not a crash.
 */
export async function readBodyCapped(req: Request, limitBytes: number): Promise<Buffer> {
  if (Number(req.headers.get("content-length") ?? 0) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new RequestAbortedError();
    }
    if (chunk.done) break;
    const value = chunk.value;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export type RouteOptions = {
  /**
   * `session` (the default): a request without a valid session is answered 401 before its parameters or
   * body are looked at, and `context()` hands the handler that session's context. `public`: the handler
   * checks its own credential (preview token, signed URL, cron secret, setup code) and ignores API keys
   * unless it calls `context()`. Either way `Authorization: Bearer <API key>` stands in for the session.
   */
  access?: "session" | "public";
  /** The scope an API key needs here; default `read` for GET/HEAD, `write` otherwise. */
  scope?: ApiKeyScope;
  /**
   * The least role a signed-in caller needs on a session route (default `staff`: every member); below it,
   * 403 `forbidden` before the body is read. An API key acts as staff, so a route that needs more refuses keys.
   */
  role?: Role;
  /** Media types the body may have; anything else is 415. Default: JSON. */
  accepts?: readonly string[];
  /** Bytes a body may have, whatever its type, counted while reading (413 past it). */
  maxBodyBytes?: number;
};

/**
 * Who may call a route() handler, with the defaults filled in. Its OpenAPI operation (lib/openapi/<domain>.ts)
 * says the same; tests/integration/http/openapi-routes.test.ts reads this off every handler to hold the two together.
 */
export type RouteSpec = { access: "session" | "public"; scope?: ApiKeyScope; role: Role };
const ROUTE_SPEC = Symbol.for("voice-campaigns.route-spec");

/** The spec route() attached to a handler, if it is one. */
export function routeSpecOf(handler: unknown): RouteSpec | null {
  return typeof handler === "function" && ROUTE_SPEC in handler ? ((handler as unknown as Record<symbol, RouteSpec>)[ROUTE_SPEC] ?? null) : null;
}

const JSON_TYPES = ["application/json"] as const;

/**
 * Cap for routes that read no body (launch, cancel, delete…): clients often send `{}` with a POST anyway,
 * so a small body is accepted and ignored; anything larger is refused before it is read further.
 */
export const IGNORED_BODY_MAX_BYTES = 1024;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const mediaType = (req: Request) => (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();

/**
 * Cross-site request forgery: a state-changing request must come from the app's own pages. Browsers say
 * where a request comes from in `Sec-Fetch-Site` (all current ones) and `Origin` (every cross-origin POST);
 * a client that sends neither is not a browser, so it cannot be riding a victim's cookie. The same rules as
 * Go's net/http CrossOriginProtection. Other ports of the same host and sibling subdomains are "same-site"
 * to SameSite=Lax cookies, so they are refused here.
 */
export function isCrossOrigin(req: Request, appOrigin: string): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin" && site !== "none";
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  return !ownOrigins(req, appOrigin).includes(origin);
}

/** APP_URL's origin, and the host the request itself was sent to (the app reached as 127.0.0.1 or by LAN address). */
function ownOrigins(req: Request, appOrigin: string): string[] {
  const host = req.headers.get("host");
  return host ? [appOrigin, `http://${host}`, `https://${host}`] : [appOrigin];
}

/** Query string, path parameters and a JSON body under the one text rule (lib/http/text-input.ts): 400 naming the field. */
function checkText(req: Request, params: unknown, body: Buffer | null): HttpError | null {
  const found =
    findControlCharacter(new URL(req.url).searchParams, ["query"]) ??
    findControlCharacter(params, ["path"]) ??
    (body && body.byteLength > 0 && JSON_TYPES.includes(mediaType(req) as (typeof JSON_TYPES)[number]) ? findControlCharacter(parsedOrNull(body)) : null);
  return found ? { code: "validation_failed", message: controlCharacterMessage(found), details: [{ path: found.path, codePoint: found.codePoint }] } : null;
}

/** Malformed JSON is the handler's to refuse (invalid_json), with its usual message. */
function parsedOrNull(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}

const isSessionRoute = (options: RouteOptions) => (options.access ?? "session") === "session";

/** Step 1, same origin: a cookie-authenticated state change from another site is 403 (see isCrossOrigin, isKeyOnlyRequest). */
function refuseCrossOrigin(req: NextRequest, options: RouteOptions): HttpError | null {
  if (isSessionRoute(options) && isKeyOnlyRequest(req)) return null;
  return isCrossOrigin(req, new URL(env.APP_URL).origin) ? { code: "forbidden", message: "Cross-origin requests are not accepted. Use the app's own pages." } : null;
}

/**
 * Step 2, the caller of a session route: a session or an API key (401; 429 and 403 for keys, thrown as
 * CallerRefusedError) whose role is enough (403). Public routes load theirs only if the handler asks.
 */
async function authenticate(req: NextRequest, options: RouteOptions, scope: ApiKeyScope): Promise<AppContext | null> {
  if (!isSessionRoute(options)) return null;
  const caller = await resolveCaller(req, scope);
  const refused = refusalForRole(caller, options.role ?? "staff");
  if (refused) throw new CallerRefusedError(refused, {}, apiKeyOf(caller));
  return caller;
}

/**
 * Step 3, the body: none is read for GET/HEAD/OPTIONS (null); otherwise it is read within its byte cap
 * (413, thrown as PayloadTooLargeError) and must have an accepted media type (415).
 */
async function readBody(req: NextRequest, options: RouteOptions): Promise<Result<Buffer | null, HttpError>> {
  if (SAFE_METHODS.has(req.method)) return ok(null);
  const body = await readBodyCapped(req, options.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
  const type = mediaType(req);
  const accepts = options.accepts ?? JSON_TYPES;
  if ((body.byteLength > 0 || type !== "") && !accepts.includes(type)) {
    return err({ code: "unsupported_media_type", message: `Send the body as ${accepts.join(" or ") || "nothing"}${type ? `, not ${type}` : ""}.` });
  }
  return ok(body);
}

/** The request the handler gets: the bytes already counted, handed on as a fresh body so `req.json()` or `req.formData()` still work. */
function withBody(req: NextRequest, body: Buffer | null): NextRequest {
  if (body === null) return req;
  return new NextRequest(req.nextUrl, { method: req.method, headers: req.headers, body: body.byteLength > 0 ? new Uint8Array(body) : null, signal: req.signal });
}

/**
 * The caller of one request, loaded at most once: the one authenticate() found on session routes, else on
 * the handler's first `context()` call (401 without one). It remembers the API key the caller used, for the audit.
 */
class RequestCaller {
  #loading: Promise<AppContext> | null = null;
  #apiKey: ApiKeyCaller | null = null;

  constructor(
    private readonly req: NextRequest,
    private readonly scope: ApiKeyScope,
    found: AppContext | null,
  ) {
    if (found) this.#loading = Promise.resolve(this.#note(found));
  }

  readonly context = (): Promise<AppContext> => (this.#loading ??= resolveCaller(this.req, this.scope).then((caller) => this.#note(caller)));

  /** The API key of a caller loaded so far (null for a session, or when none was loaded). */
  get apiKey(): ApiKeyCaller | null {
    return this.#apiKey;
  }

  #note(caller: AppContext): AppContext {
    this.#apiKey = apiKeyOf(caller);
    return caller;
  }
}

/** What a request was answered, and the API key to audit it under. */
type Answer = { response: Response; apiKey: ApiKeyCaller | null };
type Admitted<P> = { req: NextRequest; params: P; caller: RequestCaller };

/** A thrown error as an answer: a refused key is audited under that key, anything else under `apiKey`. */
const thrownAnswer = (error: unknown, req: NextRequest, requestId: string, apiKey: ApiKeyCaller | null): Answer => ({
  response: errorAnswer(error, req, requestId),
  apiKey: error instanceof CallerRefusedError ? error.caller : apiKey,
});

/**
 * Everything a handler may rely on before it runs, in this order: same origin (403), a caller with a role
 * that is enough (401/403/429), a body within its byte cap (413) and of an expected type (415), and text
 * without control characters in the query, the path and a JSON body (400). A request refused here is
 * audited under a key only when the key itself was refused.
 */
async function admit<P>(req: NextRequest, params: Promise<P>, options: RouteOptions, requestId: string): Promise<Result<Admitted<P>, Answer>> {
  const refusal = (error: HttpError): Result<never, Answer> => err({ response: errorResponse(error, requestId), apiKey: null });
  try {
    const pathParams = await params;
    const scope = requiredScope(req.method, options.scope);
    const crossOrigin = refuseCrossOrigin(req, options);
    if (crossOrigin) return refusal(crossOrigin);
    const found = await authenticate(req, options, scope);
    const body = await readBody(req, options);
    if (!body.ok) return refusal(body.error);
    const badText = checkText(req, pathParams, body.value);
    if (badText) return refusal(badText);
    return ok({ req: withBody(req, body.value), params: pathParams, caller: new RequestCaller(req, scope, found) });
  } catch (error) {
    return err(thrownAnswer(error, req, requestId, null));
  }
}

/** Runs the handler on an admitted request; whatever it throws becomes an error answer (see errorAnswer). */
async function runHandler<P>(handler: Handler<P>, admitted: Admitted<P>, original: NextRequest, requestId: string): Promise<Answer> {
  try {
    const response = await handler({ req: admitted.req, params: admitted.params, requestId, context: admitted.caller.context });
    response.headers.set("x-request-id", requestId);
    return { response, apiKey: admitted.caller.apiKey };
  } catch (error) {
    return thrownAnswer(error, original, requestId, admitted.caller.apiKey);
  }
}

type Handler<P> = (ctx: RouteContext<P>) => Promise<Response>;

/**
 * Wraps a route handler: admit the request (see admit), run the handler (zod and JSON errors as 400 with
 * the issues, anything unexpected logged with the request id and answered as a generic 500: internal
 * messages never reach the client), then audit requests made with a key that could change data, with
 * their status. The handler gets `context()`, the caller's context (a session or an API key): on session
 * routes the one admit() loaded before anything else; on public routes loaded on first call.
 */
export function route<P = Record<string, string>>(handler: Handler<P>, options: RouteOptions = {}) {
  const wrapped = async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    const admitted = await admit(req, context.params, options, requestId);
    const answer = admitted.ok ? await runHandler(handler, admitted.value, req, requestId) : admitted.error;
    await auditKeyRequest(answer.apiKey, req, answer.response.status, requestId);
    return answer.response;
  };
  const spec: RouteSpec = { access: options.access ?? "session", scope: options.scope, role: options.role ?? "staff" };
  return Object.assign(wrapped, { [ROUTE_SPEC]: spec });
}

/** Seconds a client is asked to wait when the database cannot be reached (Postgres restarts take a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The port of DATABASE_URL (postgres.js's default 5432), or null on PGlite, which has no connection to lose. */
function databasePort(): number | null {
  if (!env.DATABASE_URL) return null;
  try {
    return Number(new URL(env.DATABASE_URL).port || 5432);
  } catch {
    return null;
  }
}

/**
 * What a thrown error becomes: the expected ones their status, an unreachable database 503 with
 * Retry-After, anything else a logged, generic 500.
 */
function errorAnswer(error: unknown, req: NextRequest, requestId: string): Response {
  if (error instanceof CallerRefusedError) {
    const res = errorResponse(error.error, requestId);
    for (const [name, value] of Object.entries(error.headers)) res.headers.set(name, value);
    return res;
  }
  if (error instanceof UnauthorizedError) {
    return errorResponse({ code: "unauthorized", message: error.message }, requestId);
  }
  if (error instanceof PayloadTooLargeError) {
    return errorResponse({ code: "payload_too_large", message: error.message }, requestId);
  }
  if (error instanceof RequestAbortedError) {
    // An aborted upload is the client's doing: one line, no stack, and not a server error.
    console.warn(JSON.stringify({ level: "warn", msg: "request aborted by the client", requestId, path: req.nextUrl.pathname }));
    return errorResponse({ code: "request_aborted", message: error.message }, requestId);
  }
  if (error instanceof ZodError) {
    return errorResponse({ code: "validation_failed", message: summarizeZod(error), details: error.issues }, requestId);
  }
  if (error instanceof SyntaxError && /JSON/i.test(error.message)) {
    return errorResponse({ code: "invalid_json", message: "The request body is not valid JSON." }, requestId);
  }
  const storageFull = findStorageFullError(error);
  if (storageFull || isStorageFailure(error)) {
    // A full disk is not a bug: say what to do, and when to try again.
    const message = storageFull?.message ?? "The database server's disk is full, so nothing can be saved right now. Free space on it; the app carries on by itself once there is room.";
    const res = errorResponse({ code: "storage_full", message }, requestId);
    res.headers.set("retry-after", "30");
    return res;
  }
  if (isDatabaseUnavailable(error, databasePort())) {
    // The server's fault and temporary: 503 so clients and load balancers back off and come back.
    console.warn(JSON.stringify({ level: "warn", msg: "database unavailable", requestId, path: new URL(req.url).pathname, error: describeForLog(error).split("\n")[0] }));
    const res = errorResponse({ code: "database_unavailable", message: `The database cannot be reached right now. Try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.` }, requestId);
    res.headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
    return res;
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled route error", requestId, path: req.nextUrl.pathname, error: describeForLog(error) }));
  return errorResponse({ code: "internal_error", message: `Something went wrong on our side (request ${requestId}).` }, requestId);
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
