import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getAuth, type Auth } from "@/lib/auth";
import { getDatabase, type Database, type Db } from "@/lib/db";
import { getOrganizationForUser, type MembershipRole, type Organization } from "@/lib/organizations";

/** Thrown by getAppContext() when the request has no valid session: route() answers 401, pages redirect to /sign-in. */
export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export type SessionUser = { id: string; email: string; name: string; role: MembershipRole };

/**
 * What every use-case runs with: the database and the organisation whose rows it may touch. `user` is the
 * signed-in person; use-cases scope by `organization.id` only, so tests and the dispatcher can build a Ctx
 * without one.
 */
export type Ctx = { db: Db; organization: Organization; user?: SessionUser };

export type AppContext = Ctx & { database: Database; user: SessionUser };

/**
 * The signed-in user's context, from the session cookie of the current request. Throws UnauthorizedError
 * without a valid session (route() answers 401) or when the user belongs to no organisation.
 * Memoised per request, so a page and its layout share one session lookup.
 */
export const getAppContext = cache(async (): Promise<AppContext> => {
  const [database, auth] = await Promise.all([getDatabase(), getAuth()]);
  return contextFromHeaders(database, auth, await requestHeaders());
});

/** The route wrapper's check, from the request's own headers: the session's context, or UnauthorizedError. */
export async function requireSession(requestHeaders: Headers): Promise<AppContext> {
  const [database, auth] = await Promise.all([getDatabase(), getAuth()]);
  return contextFromHeaders(database, auth, requestHeaders);
}

/** The session in these request headers → its user → their organisation. Exported for tests. */
export async function contextFromHeaders(database: Database, auth: Auth, requestHeaders: Headers): Promise<AppContext> {
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) throw new UnauthorizedError();
  const membership = await getOrganizationForUser(database.db, session.user.id);
  if (!membership) throw new UnauthorizedError("This account does not belong to an organisation.");
  const { role, ...organization } = membership;
  return { db: database.db, database, organization, user: { id: session.user.id, email: session.user.email, name: session.user.name, role } };
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
export async function getPageContext(): Promise<AppContext> {
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
