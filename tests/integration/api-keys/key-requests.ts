import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";

/**
 * Requests made with API keys, through the real route handlers and the route wrapper, on the app's own
 * database (PGlite or Postgres: `prepare` sets the environment before anything opens it).
 */
export const KEY_REQUESTS_PER_MINUTE = 25;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
type Keys = { id: string; token: string };
const APP = "http://localhost:3000";

export function describeKeyRequests(driver: string, prepare: () => Promise<() => Promise<void>>, expectedKind: "pglite" | "postgres" = "pglite") {
  describe(`requests authenticated by an API key [${driver}]`, () => {
    let cleanup = async () => {};
    let ownerA: { cookie: string; organizationId: string; userId: string };
    let ownerB: { cookie: string; organizationId: string; userId: string };
    let readA: Keys, writeA: Keys, writeB: Keys;
    let campaignA: string;
    let contactA: string;

    const handlers = async (name: string) => (await import(/* @vite-ignore */ `@/app/api/${name}/route`)) as Record<string, Handler>;
    async function call(name: string, method: string, init: { headers?: Record<string, string>; body?: string; path?: string; params?: Record<string, unknown> } = {}) {
      const url = new URL(init.path ?? `/api/${name}`, APP);
      const req = new NextRequest(url, { method, headers: init.headers, body: init.body });
      return (await handlers(name))[method]!(req, { params: Promise.resolve(init.params ?? {}) });
    }
    const bearer = (key: Keys) => ({ authorization: `Bearer ${key.token}` });
    const importCsv = (key: Keys, csv: string) => call("contacts/import", "POST", { headers: { ...bearer(key), "content-type": "text/csv" }, body: csv });
    const contactNames = async (key: Keys) => {
      const res = await call("contacts", "GET", { headers: bearer(key) });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { firstName: string }[] }).items.map((c) => c.firstName);
    };

    beforeAll(async () => {
      process.env.API_KEY_REQUESTS_PER_MINUTE = String(KEY_REQUESTS_PER_MINUTE);
      cleanup = await prepare();
      const { signInAppOwner, createTestApiKey } = await import("../../helpers/auth");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const { createCampaign } = await import("@/lib/campaigns");
      const database = await getDatabase();
      // The environment was set in time: this is the database the file meant to test.
      expect(database.kind).toBe(expectedKind);
      const { db } = database;
      ownerA = await signInAppOwner(`owner-a-${driver}@brightsmile.test`);
      ownerB = await signInAppOwner(`owner-b-${driver}@sunrise.test`);
      [readA, writeA, writeB] = [await createTestApiKey(db, ownerA, "read"), await createTestApiKey(db, ownerA, "write"), await createTestApiKey(db, ownerB, "write")];
      contactA = (await seedContacts(db, ownerA.organizationId, [{ firstName: "Alicia", phone: "+12025550101" }]))[0]!;
      const created = await createCampaign(
        { db, organization: { id: ownerA.organizationId, name: "A", timezone: "America/New_York", phoneCountry: "US", callbackNumber: null, phoneSystem: "generic", defaultLanguage: "en" } },
        { name: "A's reminders", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } },
        TEST_WORKER,
      );
      if (!created.ok) throw new Error(created.error.message);
      campaignA = created.value.id;
    });

    afterAll(async () => {
      const { getDatabase } = await import("@/lib/runtime/resources");
      await (await getDatabase()).close();
      await cleanup();
    });

    it("lets a read key read its organisation's data and refuses it every write with 403 insufficient_scope, changing nothing", async () => {
      expect(await contactNames(readA)).toEqual(["Alicia"]);
      const res = await importCsv(readA, "first_name,phone\nMallory,+12025550177\n");
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer .*error="insufficient_scope", scope="write"/);
      const patch = await call("campaigns/[id]", "PATCH", { path: `/api/campaigns/${campaignA}`, params: { id: campaignA }, headers: { ...bearer(readA), "content-type": "application/json" }, body: '{"name":"Renamed"}' });
      expect(patch.status).toBe(403);
      expect(await contactNames(readA)).toEqual(["Alicia"]);
      // A POST that changes nothing is declared read: the template preview.
      const preview = await call("templates/preview", "POST", { headers: { ...bearer(readA), "content-type": "application/json" }, body: JSON.stringify({ template: "Hi {{firstName}}.", contactIds: [contactA] }) });
      expect(preview.status).toBe(200);
    });

    it("lets a write key write, and audits each of its writes (refused ones too) with method, path and status", async () => {
      const res = await importCsv(writeA, "first_name,phone\nBruno,+12025550102\n");
      expect(res.status).toBe(200);
      expect((await contactNames(readA)).sort()).toEqual(["Alicia", "Bruno"]);
      const { listApiKeyEvents } = await import("@/lib/api-keys");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const events = await listApiKeyEvents({ db: (await getDatabase()).db, organization: { id: ownerA.organizationId } });
      const writes = events.filter((e) => e.kind === "write").map((e) => ({ key: e.apiKeyId, method: e.details.method, path: e.details.path, status: e.details.status }));
      expect(writes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: writeA.id, method: "POST", path: "/api/contacts/import", status: 200 }),
          expect.objectContaining({ key: readA.id, method: "POST", path: "/api/contacts/import", status: 403 }),
        ]),
      );
      // Reads are not audited one by one.
      expect(writes.every((w) => w.method !== "GET")).toBe(true);
      expect(events.filter((e) => e.kind === "created").map((e) => e.apiKeyId)).toEqual(expect.arrayContaining([readA.id, writeA.id]));
    });

    it("never shows another organisation's rows through a key: its ids are 404, its lists are its own", async () => {
      expect(await contactNames(writeB)).toEqual([]);
      const detail = await call("campaigns/[id]", "GET", { path: `/api/campaigns/${campaignA}`, params: { id: campaignA }, headers: bearer(writeB) });
      expect(detail.status).toBe(404);
      const own = await call("campaigns/[id]", "GET", { path: `/api/campaigns/${campaignA}`, params: { id: campaignA }, headers: bearer(readA) });
      expect(own.status).toBe(200);
      const list = await call("campaigns", "GET", { headers: bearer(writeB) });
      expect(JSON.stringify(await list.json())).not.toContain(campaignA);
      const duplicate = await call("campaigns/[id]/duplicate", "POST", { path: `/api/campaigns/${campaignA}/duplicate`, params: { id: campaignA }, headers: bearer(writeB) });
      expect(duplicate.status).toBe(404);
    });

    it("answers an unknown, malformed or revoked key with 401 and a Bearer challenge", async () => {
      const { createTestApiKey } = await import("../../helpers/auth");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const doomed = await createTestApiKey((await getDatabase()).db, ownerA, "write", "doomed");
      expect((await call("contacts", "GET", { headers: bearer(doomed) })).status).toBe(200);
      const revoke = await call("api-keys/[id]", "DELETE", { path: `/api/api-keys/${doomed.id}`, params: { id: doomed.id }, headers: { cookie: ownerA.cookie, origin: APP } });
      expect(revoke.status).toBe(200);
      const forged = { id: "", token: `${doomed.token.slice(0, -4)}AAAA` };
      for (const token of [doomed.token, forged.token, "vck_000000000000_" + "A".repeat(43), "not-a-key", ""]) {
        const res = await call("contacts", "GET", { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, token).toBe(401);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("api_key_invalid");
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="voice-campaigns", error="invalid_token"$/);
      }
    });

    it("records a key's last use, at most once a minute", async () => {
      const listed = async () => {
        const res = await call("api-keys", "GET", { headers: { cookie: ownerA.cookie } });
        return ((await res.json()) as { apiKeys: { id: string; lastUsedAt: string | null }[] }).apiKeys.find((k) => k.id === readA.id)!.lastUsedAt;
      };
      const first = await listed();
      expect(first).not.toBeNull();
      await contactNames(readA);
      expect(await listed()).toBe(first);
    });

    it("rate limits each key on its own: past its budget 429 with Retry-After, while another key goes on", async () => {
      const { createTestApiKey } = await import("../../helpers/auth");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const busy = await createTestApiKey((await getDatabase()).db, ownerA, "read", "busy");
      const statuses: number[] = [];
      for (let i = 0; i <= KEY_REQUESTS_PER_MINUTE; i++) statuses.push((await call("contacts", "GET", { headers: bearer(busy) })).status);
      expect(statuses.slice(0, KEY_REQUESTS_PER_MINUTE).every((s) => s === 200)).toBe(true);
      const limited = await call("contacts", "GET", { headers: bearer(busy) });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await call("contacts", "GET", { headers: bearer(readA) })).status).toBe(200);
    });

    it("cannot manage keys or members: those need the owner, signed in", async () => {
      const create = await call("api-keys", "POST", { headers: { ...bearer(writeA), "content-type": "application/json" }, body: '{"name":"escalate","scope":"write"}' });
      expect(create.status).toBe(403);
      const member = await call("members", "POST", { headers: { ...bearer(writeA), "content-type": "application/json" }, body: '{"name":"Mallory","email":"mallory@evil.test","password":"mallory password"}' });
      expect(member.status).toBe(403);
      const revokeOther = await call("api-keys/[id]", "DELETE", { path: `/api/api-keys/${readA.id}`, params: { id: readA.id }, headers: { cookie: ownerB.cookie, origin: APP } });
      expect(revokeOther.status).toBe(404);
    });

    it("is not exposed to CSRF without a cookie, and still is with one", async () => {
      const foreign = { origin: "http://evil.test", "sec-fetch-site": "cross-site" };
      const keyOnly = await importCsv({ ...writeA, token: writeA.token }, "first_name,phone\nCarla,+12025550103\n");
      expect(keyOnly.status).toBe(200);
      const crossKeyOnly = await call("contacts/import", "POST", { headers: { ...foreign, ...bearer(writeA), "content-type": "text/csv" }, body: "first_name,phone\nDora,+12025550104\n" });
      expect(crossKeyOnly.status).toBe(200);
      const withCookie = await call("contacts/import", "POST", { headers: { ...foreign, ...bearer(writeA), cookie: ownerA.cookie, "content-type": "text/csv" }, body: "first_name,phone\nEve,+12025550105\n" });
      expect(withCookie.status).toBe(403);
    });

    it("is ignored by the browser-only routes, which answer as they do an anonymous caller", async () => {
      const setup = await call("setup", "POST", { headers: { ...bearer(writeA), "content-type": "application/json" }, body: '{"name":"x","email":"x@evil.test","password":"guess guess guess"}' });
      expect(setup.status).toBe(401);
      expect(((await setup.json()) as { error: { code: string } }).error.code).toBe("setup_code_invalid");
      const session = await call("auth/[...all]", "GET", { path: "/api/auth/get-session", params: { all: ["get-session"] }, headers: bearer(writeA) });
      expect(await session.text()).toBe("null");
      const preview = await call("previews/[token]/audio/[key]", "GET", { path: `/api/previews/AAAAAAAAAAAAAAAAAAAAAA/audio/${"f".repeat(64)}`, params: { token: "AAAAAAAAAAAAAAAAAAAAAA", key: "f".repeat(64) }, headers: bearer(writeA) });
      expect(preview.status).toBe(404);
    });
  });
}
