import { hashPassword } from "better-auth/crypto";
import { createAuth, insertCredentialUser, type Auth } from "@/lib/auth";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import type { Db } from "@/lib/db";
import { addMembership, type MembershipRole } from "@/lib/organizations";

export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef0123456789";
export const TEST_BASE_URL = "http://localhost:3000";

export function createTestAuth(db: Db): Auth {
  return createAuth(db, { secret: TEST_AUTH_SECRET, baseURL: TEST_BASE_URL });
}

/** A user with a password, in an organisation: what an owner inviting a colleague would produce. */
export async function createUserInOrganization(
  db: Db,
  input: { email: string; password: string; organizationId: string; name?: string; role?: MembershipRole },
): Promise<{ userId: string }> {
  const created = await insertCredentialUser(db, { name: input.name ?? input.email, email: input.email, passwordHash: await hashPassword(input.password) });
  if (!created.ok) throw new Error(created.error.message);
  await addMembership(db, { userId: created.value, organizationId: input.organizationId, role: input.role ?? "staff" });
  return { userId: created.value };
}

let ipCounter = 0;
/** A distinct client address per call site, so better-auth's per-IP sign-in limit never couples two tests. */
export const nextTestIp = () => `203.0.113.${(++ipCounter % 250) + 1}`;

/** POST /api/auth/sign-in/email through better-auth's HTTP handler (where its rate limit applies). */
export function signInRequest(auth: Auth, email: string, password: string, ip: string): Promise<Response> {
  return auth.handler(
    new Request(`${TEST_BASE_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_BASE_URL, [CLIENT_ADDRESS_HEADER]: ip },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The `Cookie` header a browser would send back after this response. */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/**
 * For tests that call route handlers: an owner in the app's own database (the one getDatabase() opens)
 * and the session cookie better-auth gave them, so requests pass the route wrapper's session check.
 */
export async function signInAppOwner(email = "owner@brightsmile.test"): Promise<{ cookie: string; organizationId: string; userId: string }> {
  const { getDatabase } = await import("@/lib/runtime/resources");
  const { getAuth } = await import("@/lib/runtime/resources");
  const { createOrganization } = await import("@/lib/organizations");
  const { db } = await getDatabase();
  const organization = await createOrganization(db, { name: "Bright Smile Dental" });
  const password = "owner password 1";
  const { userId } = await createUserInOrganization(db, { email, password, organizationId: organization.id, role: "owner" });
  const res = await signInRequest(await getAuth(), email, password, nextTestIp());
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}`);
  return { cookie: cookieHeader(res), organizationId: organization.id, userId };
}

/** An API key of an organisation, created as its owner would (the token is what a client sends). */
export async function createTestApiKey(db: Db, owner: { organizationId: string; userId: string }, scope: "read" | "write", name = `${scope} key`): Promise<{ id: string; token: string }> {
  const { createApiKey } = await import("@/lib/api-keys");
  const created = await createApiKey({ db, organization: { id: owner.organizationId }, user: { id: owner.userId, role: "owner" } }, { name, scope });
  if (!created.ok) throw new Error(created.error.message);
  return { id: created.value.id, token: created.value.token };
}
