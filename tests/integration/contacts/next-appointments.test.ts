import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeEach, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { countContacts, getContactIdsForOrganization, getContactsForCampaign, getNextAppointments, importContactsCsv, listContacts } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

const statements: string[] = [];
const NOW = new Date("2030-01-01T00:00:00Z");

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Lookup clinic", timezone: "America/Chicago" });
  return { db: database.db, organization };
}

/** `count` contacts, each with a past, a next and a later appointment, written set-wise so setup stays fast. */
async function seedContacts(ctx: Ctx, count: number, dayOffsets: number[] = [-3, 2, 9]): Promise<string[]> {
  const result = await ctx.db.execute(sql`
    insert into contacts (organization_id, first_name, phone, attributes)
    select ${ctx.organization.id}, 'Contact ' || n, '+1555' || lpad(n::text, 7, '0'), jsonb_build_object('n', n::text)
    from generate_series(1, ${count}::int) as n
    returning id`);
  const ids = rowsOf<{ id: string }>(result).map((row) => row.id);
  await ctx.db.execute(sql`
    insert into appointments (contact_id, starts_at, provider, location)
    select c.id, ${NOW.toISOString()}::timestamptz + make_interval(days => d), 'Dr. ' || d, 'Office ' || d
    from contacts c cross join unnest(${`{${dayOffsets.join(",")}}`}::int[]) as v(d)
    where c.organization_id = ${ctx.organization.id}`);
  return ids;
}

function appointmentStatements(): string[] {
  return statements.filter((s) => /\bappointments\b/.test(s));
}

describeEachDatabase(
  "next appointment and campaign lookups",
  (getDb) => {
    beforeEach(() => {
      statements.length = 0;
    });

    it("finds each contact's next upcoming appointment, skipping past ones", async () => {
      const ctx = await createCtx(getDb());
      const [first, second] = await seedContacts(ctx, 2);
      if (!first || !second) throw new Error("seed failed");
      const next = await getNextAppointments(ctx.db, [first, second, randomUUID(), "not-a-uuid"], NOW);
      expect(next.size).toBe(2);
      expect(next.get(first)).toEqual({ startsAt: new Date("2030-01-03T00:00:00Z"), provider: "Dr. 2", location: "Office 2" });
      expect(await getNextAppointments(ctx.db, [], NOW)).toEqual(new Map());
    });

    it.each([10, 1_000])("looks up the appointments of %i contacts in ONE query", async (count) => {
      const ctx = await createCtx(getDb());
      const ids = await seedContacts(ctx, count);
      statements.length = 0;
      const next = await getNextAppointments(ctx.db, ids, NOW);
      expect(next.size).toBe(count);
      expect(appointmentStatements()).toHaveLength(1);
    });

    it("loads merge-ready contacts for a campaign in ONE query, only from the given organisation", async () => {
      const ctx = await createCtx(getDb());
      const other = await createCtx(getDb());
      const ids = await seedContacts(ctx, 1_000);
      const foreign = await seedContacts(other, 1);
      statements.length = 0;
      const rows = await getContactsForCampaign(ctx.db, ctx.organization.id, [...ids, ...foreign]);
      expect(statements).toHaveLength(1);
      expect(rows).toHaveLength(1_000);
      expect(rows[0]).toEqual({
        id: expect.any(String),
        firstName: expect.stringMatching(/^Contact \d+$/),
        lastName: null,
        phone: expect.stringMatching(/^\+1555\d{7}$/),
        email: null,
        timezone: null,
        attributes: { n: expect.any(String) },
      });
    });

    it("handles 70,000 ids (beyond Postgres's 65,535-parameter limit) in one query each", async () => {
      const ctx = await createCtx(getDb());
      const ids = await seedContacts(ctx, 70_000, [-3, 2]);
      statements.length = 0;
      const started = performance.now();
      const next = await getNextAppointments(ctx.db, ids, NOW);
      const campaignRows = await getContactsForCampaign(ctx.db, ctx.organization.id, ids);
      console.log(`[contacts] 70,000-id lookups on ${getDb().driver}: ${(performance.now() - started).toFixed(0)} ms`);
      expect(next.size).toBe(70_000);
      expect(campaignRows).toHaveLength(70_000);
      expect(statements).toHaveLength(2);
      expect(await countContacts(ctx)).toBe(70_000);
      expect(await getContactIdsForOrganization(ctx)).toHaveLength(70_000);
    });

    it("lists a page of contacts with search, total and next appointment", async () => {
      const ctx = await createCtx(getDb());
      const csv = ["Name,Phone,Appointment", "Maria Garcia,512-555-0100,2099-03-05 14:30", "John Smith,512-555-0101,", "Ana 100% Lopez,512-555-0102,"].join("\n");
      const imported = await importContactsCsv(ctx, { csv });
      expect(imported.ok).toBe(true);

      const page = await listContacts(ctx, { limit: 2, offset: 0 });
      expect(page.total).toBe(3);
      expect(page.items.map((c) => c.lastName)).toEqual(["Garcia", "Lopez"]);
      expect(page.items[0]?.nextAppointment).toEqual({ startsAt: new Date("2099-03-05T20:30:00Z"), provider: null, location: null });
      expect((await listContacts(ctx, { limit: 2, offset: 2 })).items.map((c) => c.lastName)).toEqual(["Smith"]);
      expect((await listContacts(ctx, { limit: 10, offset: 0, search: "100%" })).items.map((c) => c.firstName)).toEqual(["Ana 100%"]);
      expect(await listContacts(ctx, { limit: 10, offset: 0, search: "(512) 555-0101" })).toMatchObject({ total: 1, items: [{ firstName: "John" }] });
    });

    it("finds names whatever their accents and case: \"muller\" finds Müller, \"JOSE\" finds José", async () => {
      const ctx = await createCtx(getDb());
      const csv = ["Name,Phone", "Anna Müller,512-555-0110", "José Peña,512-555-0111", "Zoë Ångström,512-555-0112", "Mark Muller,512-555-0113"].join("\n");
      expect((await importContactsCsv(ctx, { csv })).ok).toBe(true);
      const found = async (search: string) => (await listContacts(ctx, { limit: 10, offset: 0, search })).items.map((c) => `${c.firstName} ${c.lastName}`).sort();
      expect(await found("muller")).toEqual(["Anna Müller", "Mark Muller"]);
      expect(await found("Müller")).toEqual(["Anna Müller", "Mark Muller"]);
      expect(await found("JOSE pena")).toEqual(["José Peña"]);
      expect(await found("angstrom")).toEqual(["Zoë Ångström"]);
      expect(await found("zoe")).toEqual(["Zoë Ångström"]);
    });
  },
  { onQuery: (query) => statements.push(query) },
);
