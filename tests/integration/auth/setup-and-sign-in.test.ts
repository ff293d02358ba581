import { count, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { campaigns, memberships, organizations, users } from "@/drizzle/schema";
import { SIGN_IN_ATTEMPTS_PER_MINUTE, hasAnyUser, setupOwner, type Auth } from "@/lib/auth";
import { createCampaign } from "@/lib/campaigns";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";
import type { Db } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { cookieHeader, createTestAuth, createUserInOrganization, nextTestIp, signInRequest, TEST_BASE_URL } from "../../helpers/auth";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";
import { contextFromHeaders, UnauthorizedError } from "@/lib/http/session";

const OWNER = { name: "Dana Owner", email: "dana@brightsmile.test", password: "correct horse battery", organizationName: "Bright Smile Dental (Main St)" };

describeEachDatabase("first-run setup and sign-in", (getDb) => {
  let auth: Auth;
  let existingCampaignId: string;
  beforeAll(async () => {
    const { db, organization } = getDb();
    auth = createTestAuth(db);
    // A developer's database from before accounts: an organisation with a campaign and no users.
    await seedContacts(db, organization.id, [{ firstName: "Maria" }]);
    const created = await createCampaign({ db, organization }, { name: "Old work", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    existingCampaignId = created.value.id;
  });

  it("creates the owner once, in the oldest existing organisation, so earlier campaigns stay", async () => {
    const { db, organization } = getDb();
    expect(await hasAnyUser(db)).toBe(false);
    const result = await setupOwner(db, OWNER);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.organization).toMatchObject({ id: organization.id, name: OWNER.organizationName });
    const [membership] = await db.select().from(memberships).where(eq(memberships.userId, result.value.userId));
    expect(membership).toMatchObject({ organizationId: organization.id, role: "owner" });
    const [campaign] = await db.select({ organizationId: campaigns.organizationId }).from(campaigns).where(eq(campaigns.id, existingCampaignId));
    expect(campaign?.organizationId).toBe(organization.id);
    expect(await hasAnyUser(db)).toBe(true);
  });

  it("refuses a second setup with setup_complete and creates nothing", async () => {
    const { db } = getDb();
    const again = await setupOwner(db, { ...OWNER, email: "intruder@evil.test", organizationName: "Evil" });
    expect(again).toMatchObject({ ok: false, error: { code: "setup_complete" } });
    expect((await db.select({ n: count() }).from(users))[0]?.n).toBe(1);
    expect((await db.select({ n: count() }).from(organizations).where(eq(organizations.name, "Evil")))[0]?.n).toBe(0);
  });

  it("signs the owner in with the right password; the session resolves to their organisation", async () => {
    const database = getDb();
    const res = await signInRequest(auth, OWNER.email, OWNER.password, nextTestIp());
    expect(res.status).toBe(200);
    const cookie = cookieHeader(res);
    expect(cookie).toMatch(/better-auth\.session_token=/);
    const ctx = await contextFromHeaders(database, auth, new Headers({ cookie }));
    expect(ctx.user.email).toBe(OWNER.email);
    expect(ctx.organization.id).toBe(database.organization.id);
  });

  it("refuses a wrong password with 401 and no session cookie", async () => {
    const res = await signInRequest(auth, OWNER.email, "wrong password!", nextTestIp());
    expect(res.status).toBe(401);
    expect(cookieHeader(res)).not.toMatch(/session_token=[^;]+/);
  });

  it("has no session without a cookie, or with a forged one", async () => {
    const database = getDb();
    await expect(contextFromHeaders(database, auth, new Headers())).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(contextFromHeaders(database, auth, new Headers({ cookie: "better-auth.session_token=forged.value" }))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("resolves each user's session to their own organisation", async () => {
    const database = getDb();
    const other = await createOrganization(database.db, { name: "Sunrise Physio" });
    await createUserInOrganization(database.db, { email: "sam@sunrise.test", password: "another long password", organizationId: other.id });
    const res = await signInRequest(auth, "sam@sunrise.test", "another long password", nextTestIp());
    expect(res.status).toBe(200);
    const ctx = await contextFromHeaders(database, auth, new Headers({ cookie: cookieHeader(res) }));
    expect(ctx.organization).toMatchObject({ id: other.id, name: "Sunrise Physio" });
  });

  it("keeps public sign-up closed: accounts come from setup only", async () => {
    const res = await auth.handler(
      new Request(`${TEST_BASE_URL}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_BASE_URL, [CLIENT_ADDRESS_HEADER]: nextTestIp() },
        body: JSON.stringify({ name: "Mallory", email: "mallory@evil.test", password: "long enough password" }),
      }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await hasUserWithEmail(getDb().db, "mallory@evil.test")).toBe(false);
  });

  it(`answers the ${SIGN_IN_ATTEMPTS_PER_MINUTE + 1}th sign-in attempt from one address within a minute with 429 and Retry-After`, async () => {
    const ip = nextTestIp();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < SIGN_IN_ATTEMPTS_PER_MINUTE + 1; i++) statuses.push((last = await signInRequest(auth, OWNER.email, `guess ${i}`, ip)).status);
    expect(statuses).toEqual([...Array(SIGN_IN_ATTEMPTS_PER_MINUTE).fill(401), 429]);
    // The standard header says when to come back (within the minute's window), as every other 429 does.
    const retryAfter = Number(last!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Even the right password is refused until the window passes; another address is unaffected.
    expect((await signInRequest(auth, OWNER.email, OWNER.password, ip)).status).toBe(429);
    expect((await signInRequest(auth, OWNER.email, OWNER.password, nextTestIp())).status).toBe(200);
  });
});

async function hasUserWithEmail(db: Db, email: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return rows.length > 0;
}
