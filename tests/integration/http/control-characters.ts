import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContacts } from "../../../harness/seed";

/**
 * Text with NUL and other control characters, through the real route handlers and the route wrapper, on
 * the app's own database (PGlite or Postgres: `prepare` sets the environment before anything opens it).
 * Postgres refuses NUL in text (22021): without one rule at the edge, each of these was a 500.
 */
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
const APP = "http://localhost:3000";

export function describeControlCharacters(driver: string, prepare: () => Promise<() => Promise<void>>, expectedKind: "pglite" | "postgres" = "pglite") {
  describe(`control characters in text inputs [${driver}]`, () => {
    let cleanup = async () => {};
    let owner: { cookie: string; organizationId: string; userId: string };
    let contactId: string;

    const handlers = async (name: string) => (await import(/* @vite-ignore */ `@/app/api/${name}/route`)) as Record<string, Handler>;
    async function call(name: string, method: string, init: { path?: string; params?: Record<string, unknown>; body?: unknown } = {}) {
      const url = new URL(init.path ?? `/api/${name}`, APP);
      const headers: Record<string, string> = { cookie: owner.cookie, origin: APP };
      if (init.body !== undefined) headers["content-type"] = "application/json";
      const req = new NextRequest(url, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
      return (await handlers(name))[method]!(req, { params: Promise.resolve(init.params ?? {}) });
    }
    const contactNames = async () => {
      const res = await call("contacts", "GET");
      return ((await res.json()) as { items: { firstName: string }[] }).items.map((c) => c.firstName);
    };

    beforeAll(async () => {
      cleanup = await prepare();
      const { signInAppOwner } = await import("../../helpers/auth");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const database = await getDatabase();
      expect(database.kind).toBe(expectedKind);
      owner = await signInAppOwner(`owner-ctl-${driver}@brightsmile.test`);
      contactId = (await seedContacts(database.db, owner.organizationId, [{ firstName: "Alicia", phone: "+12025550101" }]))[0]!;
    });

    afterAll(async () => {
      const { getDatabase } = await import("@/lib/runtime/resources");
      await (await getDatabase()).close();
      await cleanup();
    });

    const requests = (text: string) => [
      { what: "contact search", name: "contacts", method: "GET", path: `/api/contacts?search=${encodeURIComponent(text)}`, field: "query.search" },
      { what: "contact export", name: "contacts/export", method: "GET", path: `/api/contacts/export?search=${encodeURIComponent(text)}`, field: "query.search" },
      { what: "a new list", name: "lists", method: "POST", body: { name: text }, field: "name" },
      { what: "a contact's name", name: "contacts/[id]", method: "PATCH", path: `/api/contacts/${contactId}`, params: { id: contactId }, body: { firstName: text }, field: "firstName" },
      { what: "a voice mix", name: "voice-mixes", method: "POST", body: { name: text, voice: "af_heart" }, field: "name" },
      { what: "an opt-out reason", name: "contacts/[id]/opt-out", method: "PUT", path: `/api/contacts/${contactId}/opt-out`, params: { id: contactId }, body: { reason: text }, field: "reason" },
      {
        what: "a campaign name",
        name: "campaigns",
        method: "POST",
        body: { name: text, template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } },
        field: "name",
      },
      { what: "a member's name", name: "members", method: "POST", body: { name: text, email: "colleague@brightsmile.test", password: "a long password 1" }, field: "name" },
      { what: "a path parameter", name: "lists/[id]", method: "GET", path: "/api/lists/%00", params: { id: text }, field: "path.id" },
    ];

    it("refuses NUL in every text input with 400 validation_failed naming the field, and saves nothing", async () => {
      for (const r of requests("Mon\u0000day")) {
        const res = await call(r.name, r.method, r);
        expect(res.status, r.what).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; message: string } };
        expect(error.code, r.what).toBe("validation_failed");
        expect(error.message, r.what).toBe(`${r.field}: remove the control character U+0000; text may hold tabs and line breaks but no other control characters.`);
      }
      expect(await contactNames()).toEqual(["Alicia"]);
      const lists = (await (await call("lists", "GET")).json()) as { lists?: unknown[]; items?: unknown[] };
      expect(JSON.stringify(lists)).not.toContain("Mon");
      const campaigns = await (await call("campaigns", "GET")).text();
      expect(campaigns).not.toContain("Mon");
    });

    it("refuses a control character in the text fields of a CSV upload's form, and imports nothing", async () => {
      const form = new FormData();
      form.set("file", new File(["first_name,phone\nCarla,+12025550103\n"], "day.csv", { type: "text/csv" }));
      form.set("listName", "Tues\u0000day");
      const req = new NextRequest(new URL("/api/contacts/import", APP), { method: "POST", headers: { cookie: owner.cookie, origin: APP }, body: form });
      const res = await (await handlers("contacts/import")).POST!(req, { params: Promise.resolve({}) });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error).toEqual({ code: "validation_failed", message: "form.listName: remove the control character U+0000; text may hold tabs and line breaks but no other control characters." });
      expect(await contactNames()).toEqual(["Alicia"]);
    });

    it("keeps tabs and line breaks, which are text", async () => {
      const res = await call("lists", "POST", { body: { name: "Morning\tlist" } });
      expect(res.status).toBe(201);
      const search = await call("contacts", "GET", { path: `/api/contacts?search=${encodeURIComponent("Ali\r\n")}` });
      expect(search.status).toBe(200);
    });

    it("answers any text with control characters in it 400, never 500 (fuzzed)", async () => {
      const control = fc.constantFrom(...[...Array(32).keys()].filter((c) => ![9, 10, 13].includes(c)), 127, 0x85, 0x9f).map((c) => String.fromCharCode(c));
      const text = fc.tuple(fc.string({ maxLength: 20 }), control, fc.string({ maxLength: 20 })).map(([a, c, b]) => a + c + b);
      const targets = requests("x");
      await fc.assert(
        fc.asyncProperty(text, fc.nat({ max: targets.length - 1 }), async (t, index) => {
          const r = requests(t)[index]!;
          const res = await call(r.name, r.method, r);
          expect(res.status, `${r.what}: ${JSON.stringify(t)}`).toBe(400);
          await res.body?.cancel();
        }),
        { seed: 25, numRuns: 60 },
      );
      expect(await contactNames()).toEqual(["Alicia"]);
    });
  });
}
