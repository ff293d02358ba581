import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { apiKeys } from "@/drizzle/schema";
import { authenticateApiKey, createApiKey, listApiKeyEvents, listApiKeys, revokeApiKey, type ApiKeysCtx } from "@/lib/api-keys";
import { createUserInOrganization } from "../../helpers/auth";
import { describeEachDatabase } from "../../helpers/test-db";

describeEachDatabase("API keys", (getDb) => {
  let owner: ApiKeysCtx;
  let member: ApiKeysCtx;
  beforeAll(async () => {
    const { db, organization } = getDb();
    const ownerId = (await createUserInOrganization(db, { email: "owner@keys.test", password: "owner password 1", organizationId: organization.id, role: "owner" })).userId;
    const memberId = (await createUserInOrganization(db, { email: "member@keys.test", password: "member password 1", organizationId: organization.id })).userId;
    owner = { db, organization, user: { id: ownerId, role: "owner" } };
    member = { db, organization, user: { id: memberId, role: "staff" } };
  });

  const create = async (scope: "read" | "write", name = "Dialer") => {
    const created = await createApiKey(owner, { name, scope });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };
  const row = async (id: string) => (await getDb().db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!;

  it("shows the key once and stores only the SHA-256 of its 256-bit secret", async () => {
    const key = await create("write");
    expect(key.token).toMatch(/^vck_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.scopes).toEqual(["read", "write"]);
    const stored = await row(key.id);
    const secret = key.token.split("_").slice(2).join("_");
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await listApiKeys(owner);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ name: "Dialer", prefix: `vck_${stored.prefix}_…`, revokedAt: null });
  });

  it("lets only an admin or the owner create and revoke keys (staff may not), and audits both", async () => {
    expect(await createApiKey(member, { name: "Mine", scope: "write" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await createApiKey({ db: owner.db, organization: owner.organization }, { name: "No one", scope: "write" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const key = await create("read", "Reporting");
    expect(await revokeApiKey(member, key.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await revokeApiKey(owner, key.id)).toMatchObject({ ok: true });
    expect(await revokeApiKey(owner, key.id)).toMatchObject({ ok: false, error: { code: "api_key_not_found" } });
    const events = (await listApiKeyEvents(owner)).filter((e) => e.apiKeyId === key.id);
    expect(events.map((e) => [e.kind, e.actorUserId])).toEqual([
      ["revoked", owner.user!.id],
      ["created", owner.user!.id],
    ]);
  });

  it("authenticates a key to its organisation and scopes, and refuses a revoked, forged or malformed one", async () => {
    const key = await create("read");
    const caller = await authenticateApiKey(getDb().db, key.token);
    expect(caller).toEqual({ ok: true, value: { apiKeyId: key.id, name: "Dialer", scopes: ["read"], organizationId: getDb().organization.id } });
    const forged = key.token.slice(0, -1) + (key.token.endsWith("A") ? "B" : "A");
    for (const token of [forged, "vck_nothex000000_" + "A".repeat(43), "Bearer x", ""]) {
      expect(await authenticateApiKey(getDb().db, token), token).toMatchObject({ ok: false, error: { code: "api_key_invalid" } });
    }
    await revokeApiKey(owner, key.id);
    expect(await authenticateApiKey(getDb().db, key.token)).toMatchObject({ ok: false, error: { code: "api_key_invalid", message: expect.stringMatching(/revoked/) } });
  });

  it("records the last use at most once a minute", async () => {
    const key = await create("read");
    expect((await row(key.id)).lastUsedAt).toBeNull();
    await authenticateApiKey(getDb().db, key.token);
    const first = (await row(key.id)).lastUsedAt;
    expect(first).not.toBeNull();
    await authenticateApiKey(getDb().db, key.token);
    expect((await row(key.id)).lastUsedAt).toEqual(first);
    // A minute later, the next use is recorded.
    await getDb().db.update(apiKeys).set({ lastUsedAt: sql`now() - interval '61 seconds'` }).where(eq(apiKeys.id, key.id));
    const backdated = (await row(key.id)).lastUsedAt!;
    await authenticateApiKey(getDb().db, key.token);
    expect((await row(key.id)).lastUsedAt!.getTime()).toBeGreaterThan(backdated.getTime());
  });
});
