import { eq, sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { campaigns } from "@/drizzle/schema";
import { createCampaign, launchCampaign, planCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import { RECIPIENT_PAGE } from "@/lib/campaigns/planning";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { describeEachDatabase } from "../../helpers/test-db";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";

// The recipient cap is a setting; this file runs with one just over two pages' worth (plan and launch walk
// the recipients RECIPIENT_PAGE = 10,000 at a time).
vi.hoisted(() => {
  process.env.CAMPAIGN_MAX_RECIPIENTS = "10100";
});

const TWO_PAGES = 10_100;
const TEMPLATE = "Hi {{firstName}}, this is Harbour Physio. {{custom.note}}";
const input = (name: string, template = TEMPLATE): CreateCampaignInput => ({ name, template, voice: "af_heart", speed: 1, recipients: { mode: "all" } });
/** With `someWithout`, every thousandth contact (P999, P1999, …, P9999) has no first name: P9999 comes last by name. */
const contacts = (n: number, firstName: string, someWithout = false) =>
  Array.from({ length: n }, (_, i) => ({ firstName: someWithout && i % 1000 === 999 ? "" : firstName, lastName: `P${i}`, attributes: { note: `Your code is ${i % 7}.` } }));

const statements: string[] = [];
const countStatements = (pattern: RegExp) => statements.filter((q) => pattern.test(q)).length;

describeEachDatabase(
  "plan and launch a page of recipients at a time",
  (getDb) => {
    async function organizationWith(n: number, firstName: string, someWithout = false): Promise<Ctx> {
      const ctx: Ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: `Clinic of ${n} ${firstName}` }) };
      await seedContacts(ctx.db, ctx.organization.id, contacts(n, firstName, someWithout));
      return ctx;
    }

    it("walks two pages", () => {
      expect(RECIPIENT_PAGE).toBeLessThan(TWO_PAGES);
      expect(2 * RECIPIENT_PAGE).toBeGreaterThanOrEqual(TWO_PAGES);
    });

    it("refuses a selection over CAMPAIGN_MAX_RECIPIENTS, naming the setting's value", async () => {
      const ctx = await organizationWith(TWO_PAGES + 1, "Ana");
      const created = await createCampaign(ctx, input("Too many"), TEST_WORKER);
      expect(created).toMatchObject({ ok: false, error: { code: "too_many_recipients" } });
      if (!created.ok) expect(created.error.message).toContain("at most 10,100 recipients");
    });

    it("plans across pages a cursor reads, with the counts, missing values and values of one walk", async () => {
      const ctx = await organizationWith(TWO_PAGES, "Dee", true);
      const created = await createCampaign(ctx, input("Plan two pages"), TEST_WORKER);
      if (!created.ok) throw new Error(created.error.message);
      statements.length = 0;
      const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
      if (!plan.ok) throw new Error(plan.error.message);
      // Two full-size fetches from one cursor, not one query for every recipient.
      expect(countStatements(/^\s*fetch forward 10000 from/i)).toBe(2);
      // "Hi Dee, …" and "Hi, …" (no first name) + seven codes; each code with either greeting.
      expect(plan.value).toMatchObject({ recipients: TWO_PAGES, distinctSegments: 9, distinctMessages: 14, toRender: 9, recipientsWithMissingValues: 10 });
      const missingNames = Array.from({ length: 10 }, (_, k) => `P${k * 1000 + 999}`).sort((a, b) => a.localeCompare(b));
      expect(plan.value.missingValues.listed.map((m) => m.name)).toEqual(missingNames);
      expect(plan.value.missingValues.listed.every((m) => m.missing.join() === "firstName")).toBe(true);
      expect(plan.value.variables.find((v) => v.name === "firstName")).toEqual({ name: "firstName", distinct: 1, values: ["Dee"], sentences: ["Hi Dee, this is Harbour Physio."] });
      expect(plan.value.variables.find((v) => v.name === "custom.note")).toMatchObject({ distinct: 7, values: [0, 1, 2, 3, 4, 5, 6].map((n) => `Your code is ${n}.`) });
      expect(plan.value.lint.map((f) => [f.code, f.recipients])).toEqual([
        ["organization_name_missing", TWO_PAGES],
        ["callback_number_missing", TWO_PAGES],
        ["opt_out_missing", TWO_PAGES],
      ]);
    });

    it("links every recipient across pages, writes each message and segment once, and links a page in one statement", async () => {
      const ctx = await organizationWith(TWO_PAGES, "Bea");
      const created = await createCampaign(ctx, input("Two pages"), TEST_WORKER);
      if (!created.ok) throw new Error(created.error.message);
      statements.length = 0;
      const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
      if (!launched.ok) throw new Error(launched.error.message);
      // "Hi Bea, this is Harbour Physio." + seven codes, each in messages on both pages.
      expect(launched.value.plan).toEqual({ distinctSegments: 8, newSegments: 8, distinctMessages: 7 });
      const [linked] = rowsOf<{ n: number }>(
        await ctx.db.execute(sql`select count(*)::int as n from campaign_recipients where campaign_id = ${created.value.id} and message_key is not null`),
      );
      expect(linked!.n).toBe(TWO_PAGES);
      // The second page says only messages the first one wrote: it writes none of them again.
      expect(countStatements(/^\s*insert into "?messages"?/i)).toBe(1);
      expect(countStatements(/^\s*insert into "?message_segments"?/i)).toBe(1);
      expect(countStatements(/^\s*insert into "?segments"?/i)).toBe(1);
      expect(countStatements(/^\s*insert into "?campaign_segments"?/i)).toBe(1);
      expect(countStatements(/^\s*update campaign_recipients/i)).toBe(2);
    });

    it("rolls all pages back when a later page has a message too long", async () => {
      // The recipient read last (highest contact id) gets a note too long for a call: it is on the second page.
      const other = await organizationWith(TWO_PAGES, "Cy");
      await other.db.execute(sql`
        update contacts set attributes = jsonb_build_object('note', repeat('Please call us back. ', 100))
        where id = (select max(id::text)::uuid from contacts where organization_id = ${other.organization.id})`);
      const draft = await createCampaign(other, input("Too long on page two"), TEST_WORKER);
      if (!draft.ok) throw new Error(draft.error.message);
      const segmentsBefore = rowsOf<{ n: number }>(await other.db.execute(sql`select count(*)::int as n from segments`))[0]!.n;
      expect(await planCampaign(other, draft.value.id, TEST_WORKER)).toMatchObject({ ok: false, error: { code: "message_too_long" } });
      expect(await launchCampaign(other, draft.value.id, TEST_WORKER)).toMatchObject({ ok: false, error: { code: "message_too_long" } });
      const [row] = await other.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, draft.value.id));
      expect(row?.status).toBe("draft");
      const [written] = rowsOf<{ segments: number; links: number; linked: number }>(
        await other.db.execute(sql`
          select (select count(*)::int from segments) as segments,
                 (select count(*)::int from campaign_segments where campaign_id = ${draft.value.id}) as links,
                 (select count(*)::int from campaign_recipients where campaign_id = ${draft.value.id} and message_key is not null) as linked`),
      );
      expect(written).toEqual({ segments: segmentsBefore, links: 0, linked: 0 });
    });
  },
  { onQuery: (query) => statements.push(query) },
);
