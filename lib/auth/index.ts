import path from "node:path";
import { betterAuth, type BetterAuthOptions } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { accounts, sessions, users, verifications } from "@/drizzle/schema";
import { clientAddressHeader } from "@/lib/client-address";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { getOrganizationForUser } from "@/lib/organizations";
import { takeRateLimit } from "@/lib/rate-limits";
import { PASSWORD_MAX, PASSWORD_MIN } from "./schemas";

export { AuthSecretError, deriveKey, resolveAuthSecret } from "./secret";
export { announceSetupCode, deriveSetupCode } from "./setup-code";
export { hasAnyUser, setupOwner } from "./setup";
export { isSetupCodeValid, setupCodeSchema } from "./setup-code";
export {
  setupOwnerSchema,
  setupFormSchema,
  signInSchema,
  addMemberSchema,
  changeMemberRoleSchema,
  memberIdSchema,
  safeNextPath,
  type SetupOwnerInput,
  type AddMemberInput,
  type ChangeMemberRoleInput,
} from "./schemas";
export { listMembers, addMember, changeMemberRole, removeMember, insertCredentialUser, type MemberDto, type MemberRemoval, type RoleChange } from "./members";
export { ROLES, ROLE_LABELS, roleAtLeast, whoMay, type Role } from "@/lib/values/roles";

/** Sign-in attempts allowed per client IP per minute before better-auth answers 429. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 5;

/** better-auth on our Drizzle tables: email and password only, no public sign-up (the first account comes from /setup). */
export function createAuth(db: Db, options: { secret: string; baseURL: string }) {
  const auth = betterAuth({
    appName: "Voice campaigns",
    baseURL: options.baseURL,
    basePath: "/api/auth",
    secret: options.secret,
    database: drizzleAdapter(db, { provider: "pg", schema: { user: users, session: sessions, account: accounts, verification: verifications } }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN, maxPasswordLength: PASSWORD_MAX },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // On in every environment (better-auth's default is production only), counted in the database so every
    // web process shares one budget per client.
    rateLimit: {
      enabled: true,
      customStorage: databaseRateLimitStorage(db),
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
        "/sign-up/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE },
      },
    },
    // APP_URL's origin, plus the host the request itself was sent to (the same app reached as 127.0.0.1 or
    // by LAN address instead of localhost): a browser's Origin then matches only for same-site posts.
    trustedOrigins: (request) => [new URL(options.baseURL).origin, ...sameHostOrigins(request)],
    // The sign-in limit keys on the address the app's server (or the platform) vouches for, never on a
    // header the client wrote; with none, better-auth falls back to one shared budget.
    advanced: { ipAddress: { ipAddressHeaders: [clientAddressHeader(env.serverlessHost)].filter((header) => header !== null) } },
    telemetry: { enabled: false },
  });
  const handle = auth.handler;
  auth.handler = async (request: Request) => withStandardRetryAfter(await handle(request));
  return auth;
}

/**
 * better-auth's 429 says when to come back only in `X-Retry-After`, which no HTTP client reads: copy it
 * into the standard `Retry-After` (RFC 9110), as every other 429 and 503 of the app has.
 */
function withStandardRetryAfter(response: Response): Response {
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status !== 429 || retryAfter === null || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", retryAfter);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export type Auth = ReturnType<typeof createAuth>;

/** better-auth's limiter on lib/rate-limits: its key already names the client address and the path. */
function databaseRateLimitStorage(db: Db): NonNullable<NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"]> {
  return {
    async consume(key, rule) {
      const taken = await takeRateLimit(db, { name: "auth", limit: rule.max, windowSeconds: rule.window }, key);
      return taken.ok ? { allowed: true, retryAfter: null } : { allowed: false, retryAfter: taken.error.retryAfterSeconds };
    },
  };
}

function sameHostOrigins(request: Request | undefined): string[] {
  const host = request?.headers.get("x-forwarded-host") ?? request?.headers.get("host");
  return host ? [`http://${host}`, `https://${host}`] : [];
}

/** Where the first start writes the setup code: `setup-code` beside the PGLITE_DIR directory (`.data/setup-code` by default). */
export function setupCodeFile(): string {
  return path.join(path.dirname(path.resolve(env.PGLITE_DIR)), "setup-code");
}

/** setupCodeFile() as the setup page and its refusal name it: relative to the app's directory when inside it. */
export function setupCodeFileForPeople(): string {
  const relative = path.relative(process.cwd(), setupCodeFile());
  return relative.startsWith("..") || path.isAbsolute(relative) ? setupCodeFile() : relative;
}


/**
 * Whether these request headers still carry the session of a member of this organisation. Long-lived
 * responses (the progress stream) ask again on every heartbeat, so a removed member or a signed-out
 * session stops receiving within one heartbeat.
 */
export async function isStillMember(db: Db, auth: Auth, requestHeaders: Headers, organizationId: string): Promise<boolean> {
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return false;
  const membership = await getOrganizationForUser(db, session.user.id);
  return membership?.id === organizationId;
}
