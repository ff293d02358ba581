import type { NextRequest } from "next/server";
import { roleAtLeast, ROLE_LABELS, whoMay, type Role } from "@/lib/values/roles";
import { limitApiKeyRequest, recordApiKeyWrite, type ApiKeyCaller, type ApiKeyScope } from "@/lib/api-keys";
import { env } from "@/lib/env";
import type { HttpError } from "./errors";
import { bearerToken, contextFromApiKey, requireSession, type AppContext } from "@/lib/http/session";
import { getDatabase } from "@/lib/runtime/resources";

/** A request refused while finding out who sent it, with the headers its answer must carry. */
export class CallerRefusedError extends Error {
  override name = "CallerRefusedError";
  constructor(
    readonly error: HttpError,
    readonly headers: Record<string, string> = {},
    /** The key, when it was valid but not allowed this request (the refusal is audited). */
    readonly caller: ApiKeyCaller | null = null,
  ) {
    super(error.message);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What a key needs for a request: `read` for GET/HEAD, `write` for anything else, unless the route says otherwise. */
export const requiredScope = (method: string, declared?: ApiKeyScope): ApiKeyScope => declared ?? (SAFE_METHODS.has(method) ? "read" : "write");

/**
 * A key cannot ride a victim's browser: a page on another origin cannot set `Authorization` without a
 * CORS preflight, which this app never grants. A request that carries a key and no cookie is therefore
 * not exposed to cross-site request forgery; one with a cookie still is, so it gets the origin check.
 */
export const isKeyOnlyRequest = (req: NextRequest) => bearerToken(req.headers) !== null && !req.headers.has("cookie");

// RFC 6750 §3: a refused bearer token is answered with a WWW-Authenticate challenge saying why.
const challenge = (error: string, extra = "") => ({ "www-authenticate": `Bearer realm="voice-campaigns", error="${error}"${extra}` });

/**
 * The caller of a request: an API key when it sends `Authorization: Bearer`, else the session cookie's
 * user. Throws UnauthorizedError (no session) or CallerRefusedError: 401 for an unknown or revoked key,
 * 429 past the key's per-minute budget, 403 `insufficient_scope` for a read key asking to write.
 */
export async function resolveCaller(req: NextRequest, scope: ApiKeyScope): Promise<AppContext> {
  const token = bearerToken(req.headers);
  if (token === null) return requireSession(req.headers);
  const database = await getDatabase();
  const keyed = await contextFromApiKey(database, token);
  if (!keyed.ok) throw new CallerRefusedError(keyed.error, challenge("invalid_token"));
  if (keyed.value.actor.kind !== "api_key") throw new Error("an API key context without a key actor");
  const caller = keyed.value.actor.apiKey;
  const limited = await limitApiKeyRequest(database.db, caller, env.API_KEY_REQUESTS_PER_MINUTE);
  if (!limited.ok) throw new CallerRefusedError(limited.error, { "retry-after": String(limited.error.retryAfterSeconds) });
  if (!caller.scopes.includes(scope)) {
    throw new CallerRefusedError(
      { code: "insufficient_scope", message: `This API key may ${caller.scopes.includes("write") ? "read and write" : "only read"}; ${req.method} ${req.nextUrl.pathname} needs the ${scope} scope.` },
      challenge("insufficient_scope", `, scope="${scope}"`),
      caller,
    );
  }
  return keyed.value;
}

/** The key behind a resolved context, if a key it was. */
export const apiKeyOf = (context: AppContext | null): ApiKeyCaller | null => (context?.actor.kind === "api_key" ? context.actor.apiKey : null);

/**
 * Every request made with a key that could change data is audited with its answer's status, refused ones
 * included (a read key trying to write is worth knowing about). Reads are not: the key's last use says enough.
 */
export async function auditKeyRequest(caller: ApiKeyCaller | null, req: NextRequest, status: number, requestId: string): Promise<void> {
  if (!caller || SAFE_METHODS.has(req.method)) return;
  try {
    await recordApiKeyWrite((await getDatabase()).db, caller, { method: req.method, path: req.nextUrl.pathname, status, requestId });
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "API key audit write failed", requestId, apiKeyId: caller.apiKeyId, error: (error as Error).message }));
  }
}

/**
 * Why this caller may not do what needs `least`, or null when it may. A signed-in person needs that role or
 * a higher one; an API key acts as staff (it has no person behind it who could hold a higher role).
 */
export function refusalForRole(caller: AppContext, least: Role): HttpError | null {
  if (caller.actor.kind === "api_key") {
    return least === "staff" ? null : { code: "forbidden", message: `An API key cannot do this: it needs ${whoMay(least)}, signed in.` };
  }
  const role = caller.actor.user.role;
  return roleAtLeast(role, least) ? null : { code: "forbidden", message: `Only ${whoMay(least)} can do this; you are signed in as ${ROLE_LABELS[role].toLowerCase()}.` };
}
