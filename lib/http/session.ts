import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authenticateApiKey, type ApiKeyCaller } from "@/lib/api-keys";
import type { Auth } from "@/lib/auth";
import type { Ctx, SessionUser } from "@/lib/context";
import type { Database, Db } from "@/lib/db";
import { getOrganization, getOrganizationForUser } from "@/lib/organizations";
import { err, ok, type AppError, type Result } from "@/lib/result";
import { getAuth, getDatabase, workerCapabilities } from "@/lib/runtime/resources";

/**
 * Who is asking, at the HTTP edge: the session cookie of pages, actions and routes, or an API key. What is
 * found becomes the use-cases' Ctx (lib/context.ts), with the process's objects from lib/runtime.
 */

/** Thrown by getAppContext() when the request has no valid session: route() answers 401, pages redirect to /sign-in. */
export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

/** Who is asking: a signed-in person (with their role), or an organisation's API key (no user; it acts as staff, see lib/http/caller.ts). */
export type Actor = { kind: "user"; user: SessionUser } | { kind: "api_key"; apiKey: ApiKeyCaller };

/** A request's context: `user` is set exactly when the actor is a signed-in person. */
export type AppContext = Ctx & { db: Db; database: Database; actor: Actor };

/** A context from a session cookie: pages, server actions. */
export type SessionContext = AppContext & { user: SessionUser };

/**
 * The signed-in user's context, from the session cookie of the current request. Throws UnauthorizedError
 * without a valid session (route() answers 401) or when the user belongs to no organisation.
 * Memoised per request, so a page and its layout share one session lookup.
 */
export const getAppContext = cache(async (): Promise<SessionContext> => {
  const [database, auth] = await Promise.all([getDatabase(), getAuth()]);
  return contextFromHeaders(database, auth, await requestHeaders());
});

/** The route wrapper's check, from the request's own headers: the session's context, or UnauthorizedError. */
export async function requireSession(requestHeaders: Headers): Promise<SessionContext> {
  const [database, auth] = await Promise.all([getDatabase(), getAuth()]);
  return contextFromHeaders(database, auth, requestHeaders);
}

/** The session in these request headers → its user → their organisation. Exported for tests. */
export async function contextFromHeaders(database: Database, auth: Auth, requestHeaders: Headers): Promise<SessionContext> {
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) throw new UnauthorizedError();
  const membership = await getOrganizationForUser(database.db, session.user.id);
  if (!membership) throw new UnauthorizedError("This account does not belong to an organisation.");
  const { role, ...organization } = membership;
  const user: SessionUser = { id: session.user.id, email: session.user.email, name: session.user.name, role };
  return { db: database.db, database, organization, user, actor: { kind: "user", user }, workers: workerCapabilities };
}

/** The token of `Authorization: Bearer <token>` (possibly empty or malformed), or null when there is no bearer credential. */
export function bearerToken(requestHeaders: Headers): string | null {
  const match = /^Bearer(?:\s+(.*))?$/is.exec(requestHeaders.get("authorization")?.trim() ?? "");
  return match ? (match[1] ?? "").trim() : null;
}

/** The context of an API key: its organisation, the key as the actor. `api_key_invalid` for an unknown or revoked key. */
export async function contextFromApiKey(database: Database, token: string): Promise<Result<AppContext, AppError<"api_key_invalid">>> {
  const caller = await authenticateApiKey(database.db, token);
  if (!caller.ok) return caller;
  const organization = await getOrganization(database.db, caller.value.organizationId);
  if (!organization) return err({ code: "api_key_invalid", message: "This API key's organisation no longer exists." });
  return ok({ db: database.db, database, organization, actor: { kind: "api_key", apiKey: caller.value }, workers: workerCapabilities });
}

/** Outside a request (a route handler called directly by a test or script) there are no cookies: no session. */
async function requestHeaders(): Promise<Headers> {
  try {
    return new Headers(await headers());
  } catch (error) {
    if (error instanceof Error && /outside a request scope/.test(error.message)) return new Headers();
    throw error;
  }
}

/** For server components: the app context, or a redirect to /sign-in that comes back to this page. */
export async function getPageContext(): Promise<SessionContext> {
  try {
    return await getAppContext();
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
    // proxy.ts passes the requested path on; without it, come back to the home page.
    const path = (await headers()).get("x-pathname") ?? "/";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
}

/** For what must work without a session (public preview page and its audio, signed audio URLs, health). */
export async function getPublicContext(): Promise<{ db: Db; database: Database }> {
  const database = await getDatabase();
  return { db: database.db, database };
}
