import { count, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { sessions, users } from "@/drizzle/schema";
import { addMember, addMemberSchema, listMembers, removeMember, setupOwner, type Auth } from "@/lib/auth";
import { createOrganization } from "@/lib/organizations";
import { cookieHeader, createTestAuth, createUserInOrganization, nextTestIp, signInRequest, TEST_BASE_URL } from "../../helpers/auth";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";
import { contextFromHeaders, UnauthorizedError, type SessionContext } from "@/lib/http/session";

const OWNER = { name: "Dana Owner", email: "dana@brightsmile.test", password: "correct horse battery", organizationName: "Bright Smile Dental" };
const MEMBER = { name: "Rosa Reception", email: "rosa@brightsmile.test", password: "front desk password" };

async function signIn(database: TestDatabase, auth: Auth, email: string, password: string): Promise<{ ctx: SessionContext; cookie: string }> {
  const res = await signInRequest(auth, email, password, nextTestIp());
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}`);
  const cookie = cookieHeader(res);
  return { ctx: await contextFromHeaders(database, auth, new Headers({ cookie })), cookie };
}

describeEachDatabase("team members", (getDb) => {
  let auth: Auth;
  let owner: SessionContext;

  beforeAll(async () => {
    const database = getDb();
    auth = createTestAuth(database.db);
    const created = await setupOwner(database.db, OWNER);
    if (!created.ok) throw new Error(created.error.message);
    owner = (await signIn(database, auth, OWNER.email, OWNER.password)).ctx;
  });

  it("lets the owner add a colleague who signs in to the same organisation as staff", async () => {
    expect(owner.user.role).toBe("owner");
    const added = await addMember(owner, addMemberSchema.parse(MEMBER));
    expect(added).toMatchObject({ ok: true, value: { name: MEMBER.name, email: MEMBER.email, role: "staff" } });

    const { ctx } = await signIn(getDb(), auth, MEMBER.email, MEMBER.password);
    expect(ctx.organization.id).toBe(owner.organization.id);
    expect(ctx.user).toMatchObject({ email: MEMBER.email, role: "staff" });
    expect((await listMembers(ctx)).map((m) => [m.email, m.role])).toEqual([
      [OWNER.email, "owner"],
      [MEMBER.email, "staff"],
    ]);
  });

  it("refuses an address that already has an account, whatever its case, and creates nothing", async () => {
    const before = (await getDb().db.select({ n: count() }).from(users))[0]?.n;
    const again = await addMember(owner, addMemberSchema.parse({ ...MEMBER, name: "Someone else", email: "ROSA@brightsmile.test" }));
    expect(again).toMatchObject({ ok: false, error: { code: "email_taken" } });
    expect((await getDb().db.select({ n: count() }).from(users))[0]?.n).toBe(before);
  });

  it("does not let staff add or remove anyone", async () => {
    const { ctx } = await signIn(getDb(), auth, MEMBER.email, MEMBER.password);
    expect(await addMember(ctx, addMemberSchema.parse({ name: "Mallory", email: "mallory@evil.test", password: "sneaky password" }))).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await removeMember(ctx, owner.user.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("rejects short passwords and malformed addresses before touching the database", () => {
    expect(addMemberSchema.safeParse({ ...MEMBER, password: "short" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ ...MEMBER, email: "not an address" }).success).toBe(false);
    expect(addMemberSchema.safeParse({ ...MEMBER, name: "   " }).success).toBe(false);
  });

  it("lets a member change their own password: the old one stops working, other sessions end", async () => {
    const database = getDb();
    const email = "theo@brightsmile.test";
    const added = await addMember(owner, addMemberSchema.parse({ name: "Theo", email, password: "first password here" }));
    if (!added.ok) throw new Error(added.error.message);
    const other = await signIn(database, auth, email, "first password here");
    const current = await signIn(database, auth, email, "first password here");

    const res = await auth.handler(
      new Request(`${TEST_BASE_URL}/api/auth/change-password`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_BASE_URL, cookie: current.cookie },
        body: JSON.stringify({ currentPassword: "first password here", newPassword: "a better passphrase", revokeOtherSessions: true }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await signInRequest(auth, email, "first password here", nextTestIp())).status).toBe(401);
    expect((await signInRequest(auth, email, "a better passphrase", nextTestIp())).status).toBe(200);
    await expect(contextFromHeaders(database, auth, new Headers({ cookie: other.cookie }))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("removes a member: signed out at once, cannot sign in again, and the owner cannot be removed", async () => {
    const database = getDb();
    const member = await signIn(database, auth, MEMBER.email, MEMBER.password);
    expect(await removeMember(owner, owner.user.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });

    expect(await removeMember(owner, member.ctx.user.id)).toEqual({ ok: true, value: { removed: MEMBER.email, revokedApiKeys: 0, disabledWebhookEndpoints: 0 } });
    await expect(contextFromHeaders(database, auth, new Headers({ cookie: member.cookie }))).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await signInRequest(auth, MEMBER.email, MEMBER.password, nextTestIp())).status).toBe(401);
    expect((await database.db.select({ n: count() }).from(sessions).where(eq(sessions.userId, member.ctx.user.id)))[0]?.n).toBe(0);
    expect((await listMembers(owner)).map((m) => m.email)).not.toContain(MEMBER.email);
  });

  it("cannot remove someone from another organisation", async () => {
    const database = getDb();
    const elsewhere = await createOrganization(database.db, { name: "Sunrise Physio" });
    const { userId } = await createUserInOrganization(database.db, { email: "sam@sunrise.test", password: "another long password", organizationId: elsewhere.id });
    expect(await removeMember(owner, userId)).toMatchObject({ ok: false, error: { code: "member_not_found" } });
    expect((await signInRequest(auth, "sam@sunrise.test", "another long password", nextTestIp())).status).toBe(200);
  });
});
