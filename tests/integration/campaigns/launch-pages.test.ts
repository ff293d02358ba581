import { eq, sql } from "drizzle-orm";
import { expect, it, vi } from "vitest";
import { campaigns } from "@/drizzle/schema";
import { createCampaign, launchCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { describeEachDatabase } from "../../helpers/test-db";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";

// The recipient cap is a setting; this file runs with a small one. Launch plans 5,000 recipients at a time.
vi.hoisted(() => {
  process.env.CAMPAIGN_MAX_RECIPIENTS = "6000";
});

const TEMPLATE = "Hi {{firstName}}, this is Harbour Physio. {{custom.note}}";
const input = (name: string): CreateCampaignInput => ({ name, template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } });
const contacts = (n: number, firstName: string) => Array.from({ length: n }, (_, i) => ({ firstName, lastName: `P${i}`, attributes: { note: `Your code is ${i % 7}.` } }));

describeEachDatabase("launch a page of recipients at a time", (getDb) => {
  async function organizationWith(n: number, firstName: string): Promise<Ctx> {
    const ctx: Ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: `Clinic of ${n}` }) };
    await seedContacts(ctx.db, ctx.organization.id, contacts(n, firstName));
    return ctx;
  }

  it("refuses a selection over CAMPAIGN_MAX_RECIPIENTS, naming the setting's value", async () => {
    const ctx = await organizationWith(6_001, "Ana");
    const created = await createCampaign(ctx, input("Too many"), TEST_WORKER);
    expect(created).toMatchObject({ ok: false, error: { code: "too_many_recipients" } });
    if (!created.ok) expect(created.error.message).toContain("at most 6,000 recipients");
  });

  it("links every recipient across pages, counts shared segments once, and rolls all pages back when a later page has a message too long", async () => {
    const ctx = await organizationWith(5_100, "Bea");
    const created = await createCampaign(ctx, input("Two pages"), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    // "Hi Bea, this is Harbour Physio." + seven codes, each in messages on both pages.
    expect(launched.value.plan).toEqual({ distinctSegments: 8, newSegments: 8, distinctMessages: 7 });
    const [linked] = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from campaign_recipients where campaign_id = ${created.value.id} and message_key is not null`),
    );
    expect(linked!.n).toBe(5_100);

    // The recipient read last (highest contact id) gets a note too long for a call: it is on the second page.
    const other = await organizationWith(5_100, "Cy");
    await other.db.execute(sql`
      update contacts set attributes = jsonb_build_object('note', repeat('Please call us back. ', 100))
      where id = (select max(id::text)::uuid from contacts where organization_id = ${other.organization.id})`);
    const draft = await createCampaign(other, input("Too long on page two"), TEST_WORKER);
    if (!draft.ok) throw new Error(draft.error.message);
    const segmentsBefore = rowsOf<{ n: number }>(await other.db.execute(sql`select count(*)::int as n from segments`))[0]!.n;
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
});
