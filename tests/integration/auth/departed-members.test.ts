import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { memberships } from "@/drizzle/schema";
import { authenticateApiKey, createApiKey, listApiKeyEvents, listApiKeys } from "@/lib/api-keys";
import { addMember, addMemberSchema, changeMemberRole, listMembers, removeMember } from "@/lib/auth";
import { createOrganization } from "@/lib/organizations";
import { createWebhookEndpoint, deliverDueWebhooks, enqueueWebhookEvent, listWebhookDeliveries, listWebhookEndpoints, replayWebhookDelivery } from "@/lib/webhooks";
import { createUserInOrganization } from "../../helpers/auth";
import { describeEachDatabase } from "../../helpers/test-db";

type Person = { id: string; name: string; email: string; role: "owner" | "admin" | "staff" };

/** A receiver on loopback that counts what reaches each path (one path per endpoint). */
async function startReceiver() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits.push(req.url ?? "");
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeEachDatabase("what a person made ends with their admin rights", (getDb) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: Person;
  let counter = 0;
  const ctxOf = (person: Person) => ({ db: getDb().db, organization: getDb().organization, user: person });
  // A second ahead: Postgres stamps a new delivery due at its own now(), in microseconds, which can be a
  // fraction of a millisecond after the JavaScript clock reads when both happen at once.
  const deliver = () => deliverDueWebhooks({ db: getDb().db, buildData: async () => ({}), guard: { allowPrivate: true }, now: () => new Date(Date.now() + 1000) });

  async function newPerson(role: "admin" | "staff", name: string): Promise<Person> {
    const email = `${name.toLowerCase()}${++counter}@brightsmile.test`;
    const added = await addMember(ctxOf(owner), addMemberSchema.parse({ name, email, password: "a long first password", role }));
    if (!added.ok) throw new Error(added.error.message);
    return { id: added.value.id, name, email, role };
  }
  async function keyOf(person: Person) {
    const created = await createApiKey(ctxOf(person), { name: `${person.name}'s dialer`, scope: "write" });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  }
  async function endpointOf(person: Person, path: string) {
    const created = await createWebhookEndpoint(ctxOf(person), { url: `${receiver.base}${path}`, eventTypes: ["campaign.canceled"] }, { allowPrivate: true });
    if (!created.ok) throw new Error(created.error.message);
    return created.value.endpoint;
  }
  const endpoint = async (id: string) => (await listWebhookEndpoints(ctxOf(owner))).find((e) => e.id === id)!;
  const apiKey = async (id: string) => (await listApiKeys(ctxOf(owner))).find((k) => k.id === id)!;

  beforeAll(async () => {
    receiver = await startReceiver();
    const { db, organization } = getDb();
    const email = "dana@brightsmile.test";
    owner = { id: (await createUserInOrganization(db, { email, name: "Dana Owner", password: "owner password 1", organizationId: organization.id, role: "owner" })).userId, name: "Dana Owner", email, role: "owner" };
  });
  afterAll(async () => {
    await receiver.close();
  });

  it("lists API keys and webhook endpoints with who created them", async () => {
    const ada = await newPerson("admin", "Ada");
    const key = await keyOf(ada);
    const added = await endpointOf(ada, "/ada-listed");
    expect(added.createdBy).toEqual({ name: "Ada", email: ada.email });
    expect(await apiKey(key.id)).toMatchObject({ createdBy: { name: "Ada", email: ada.email }, revokedAt: null, revokedReason: null });
    expect(await endpoint(added.id)).toMatchObject({ createdBy: { name: "Ada", email: ada.email }, isEnabled: true, disabledReason: null });
  });

  it("removing an admin revokes the keys they created and turns off the endpoints they added; what the organisation added keeps running", async () => {
    const ada = await newPerson("admin", "Ada");
    const key = await keyOf(ada);
    const [adaPath, ownerPath] = [`/ada-${counter}`, `/owner-${counter}`];
    const adaEndpoint = await endpointOf(ada, adaPath);
    const ownerEndpoint = await endpointOf(owner, ownerPath);
    // A delivery to Ada's endpoint is already waiting when she leaves.
    await enqueueWebhookEvent(getDb().db, getDb().organization.id, "campaign.canceled", { campaignId: "00000000-0000-4000-8000-000000000001" });
    expect((await authenticateApiKey(getDb().db, key.token)).ok).toBe(true);

    const removed = await removeMember(ctxOf(owner), ada.id);
    expect(removed).toEqual({ ok: true, value: { removed: ada.email, revokedApiKeys: 1, disabledWebhookEndpoints: 1 } });

    expect(await authenticateApiKey(getDb().db, key.token)).toMatchObject({ ok: false, error: { code: "api_key_invalid" } });
    const listedKey = await apiKey(key.id);
    expect(listedKey.revokedAt).not.toBeNull();
    expect(listedKey.revokedReason).toBe(`Ada (${ada.email}) was removed from the team`);
    // The account is gone, so the list no longer names her; the reason still does.
    expect(listedKey.createdBy).toBeNull();
    const revokedEvent = (await listApiKeyEvents(ctxOf(owner))).find((e) => e.apiKeyId === key.id && e.kind === "revoked");
    expect(revokedEvent).toMatchObject({ actorUserId: owner.id, details: { reason: listedKey.revokedReason } });

    expect(await endpoint(adaEndpoint.id)).toMatchObject({ isEnabled: false, disabledReason: `Ada (${ada.email}) was removed from the team` });
    expect(await endpoint(ownerEndpoint.id)).toMatchObject({ isEnabled: true, createdBy: { name: owner.name, email: owner.email } });

    // The waiting delivery and every later event reach only the organisation's endpoint.
    await enqueueWebhookEvent(getDb().db, getDb().organization.id, "campaign.canceled", { campaignId: "00000000-0000-4000-8000-000000000002" });
    await deliver();
    expect(receiver.hits.filter((h) => h === adaPath)).toEqual([]);
    expect(receiver.hits.filter((h) => h === ownerPath)).toHaveLength(2);
    // Nor can a replay send one there.
    const toAda = (await listWebhookDeliveries(ctxOf(owner))).find((d) => d.endpointUrl === `${receiver.base}${adaPath}`);
    expect(toAda?.status).toBe("failed");
    expect(await replayWebhookDelivery(ctxOf(owner), toAda!.id)).toMatchObject({ ok: false, error: { code: "webhook_delivery_not_found" } });
    await deliver();
    expect(receiver.hits.filter((h) => h === adaPath)).toEqual([]);
  });

  it("making an admin staff revokes their keys and turns off their endpoints; they stay on the team", async () => {
    const ben = await newPerson("admin", "Ben");
    const key = await keyOf(ben);
    const benEndpoint = await endpointOf(ben, `/ben-${counter}`);
    const changed = await changeMemberRole(ctxOf(owner), ben.id, { role: "staff" });
    expect(changed).toMatchObject({ ok: true, value: { member: { id: ben.id, role: "staff" }, revokedApiKeys: 1, disabledWebhookEndpoints: 1 } });
    expect(await authenticateApiKey(getDb().db, key.token)).toMatchObject({ ok: false, error: { code: "api_key_invalid" } });
    expect(await apiKey(key.id)).toMatchObject({ revokedReason: `Ben (${ben.email}) was made staff`, createdBy: { name: "Ben", email: ben.email } });
    expect(await endpoint(benEndpoint.id)).toMatchObject({ isEnabled: false, disabledReason: `Ben (${ben.email}) was made staff` });
    // As staff, Ben can make neither again.
    expect(await createApiKey(ctxOf({ ...ben, role: "staff" }), { name: "Again", scope: "read" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("making staff an admin, or an admin an admin again, turns nothing off", async () => {
    const cleo = await newPerson("admin", "Cleo");
    const key = await keyOf(cleo);
    expect(await changeMemberRole(ctxOf(owner), cleo.id, { role: "admin" })).toMatchObject({ ok: true, value: { revokedApiKeys: 0, disabledWebhookEndpoints: 0 } });
    const eli = await newPerson("staff", "Eli");
    expect(await changeMemberRole(ctxOf(owner), eli.id, { role: "admin" })).toMatchObject({ ok: true, value: { member: { role: "admin" }, revokedApiKeys: 0 } });
    expect((await authenticateApiKey(getDb().db, key.token)).ok).toBe(true);
  });

  it("only the owner changes roles; the owner cannot change their own", async () => {
    const admin = await newPerson("admin", "Fay");
    const staff = await newPerson("staff", "Gus");
    for (const caller of [admin, staff]) {
      expect(await changeMemberRole(ctxOf(caller), staff.id, { role: "admin" }), caller.role).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await changeMemberRole(ctxOf(caller), caller.id, { role: "owner" }), caller.role).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await changeMemberRole(ctxOf(owner), owner.id, { role: "staff" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const elsewhere = await createOrganization(getDb().db, { name: "Sunrise Physio" });
    const { userId } = await createUserInOrganization(getDb().db, { email: "sam@sunrise.test", password: "another long password", organizationId: elsewhere.id });
    expect(await changeMemberRole(ctxOf(owner), userId, { role: "admin" })).toMatchObject({ ok: false, error: { code: "member_not_found" } });
    expect((await listMembers(ctxOf(owner))).find((m) => m.id === staff.id)?.role).toBe("staff");
  });

  it("making someone the owner hands ownership over: the previous owner becomes an admin, and there is one owner", async () => {
    const hana = await newPerson("staff", "Hana");
    const handed = await changeMemberRole(ctxOf(owner), hana.id, { role: "owner" });
    expect(handed).toMatchObject({ ok: true, value: { member: { id: hana.id, role: "owner" } } });
    const roles = await getDb().db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.organizationId, getDb().organization.id));
    expect(roles.filter((r) => r.role === "owner")).toEqual([{ userId: hana.id, role: "owner" }]);
    expect(roles.find((r) => r.userId === owner.id)?.role).toBe("admin");
    // The stale context of the previous owner still says owner: the database decides.
    expect(await changeMemberRole(ctxOf(owner), hana.id, { role: "staff" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await removeMember(ctxOf(owner), hana.id)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // And back, so the tests above keep their owner.
    expect(await changeMemberRole(ctxOf({ ...hana, role: "owner" }), owner.id, { role: "owner" })).toMatchObject({ ok: true });
  });
});
