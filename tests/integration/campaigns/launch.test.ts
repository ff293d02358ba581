import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { campaignSegments, campaigns, segments } from "@/drizzle/schema";
import {
  cancelCampaign,
  createCampaign,
  duplicateCampaign,
  launchCampaign,
  planCampaign,
  previewMessages,
  type CreateCampaignInput,
} from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { describeEachDatabase, testDrivers, createTestDatabase, type TestDatabase } from "../../helpers/test-db";
import { futureDate, seedContacts, TEST_WORKER, type SeedContact } from "../../../harness/seed";

const NAMES = ["Maria", "John", "Aiko", "Omar", "Lena", "Raj", "Chloe", "Diego", "Nina", "Sam"];
const TEMPLATE =
  "Hi {{firstName}}, this is Bright Smile Dental. Your appointment is on {{appointment.date}} at {{appointment.time}}. Press 1 to confirm.";

/** 200 contacts: 10 first names, one date, 4 time slots (UTC hours, spoken in New York time). */
function appointmentContacts(n = 200): SeedContact[] {
  const day = futureDate(10, 0);
  return Array.from({ length: n }, (_, i) => {
    const startsAt = new Date(day);
    startsAt.setUTCHours(14 + (i % 4), 30);
    return { firstName: NAMES[i % NAMES.length]!, appointment: { startsAt, provider: "Dr. Patel" } };
  });
}

function input(overrides: Partial<CreateCampaignInput> = {}): CreateCampaignInput {
  return { name: "March reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" }, ...overrides };
}

async function segmentRowCount(db: TestDatabase["db"]): Promise<number> {
  const [row] = await db.select({ n: count() }).from(segments);
  return Number(row?.n ?? 0);
}

describeEachDatabase("launching campaigns", (getDb) => {
  let ctx: Ctx;
  let contactIds: string[];
  beforeAll(async () => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    contactIds = await seedContacts(db, organization.id, appointmentContacts());
  });

  it("plans one segment per distinct sentence before launch, without writing", async () => {
    const created = await createCampaign(ctx, input(), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    // 10 "Hi <name>, this is Bright Smile Dental." + 4 "Your appointment is on … at …" + 1 "Press one to confirm."
    expect(plan.value).toMatchObject({ recipients: 200, distinctSegments: 15, alreadyRendered: 0, toRender: 15 });
    // i % 10 names and i % 4 slots pair up in lcm(10, 4) = 20 ways.
    expect(plan.value.distinctMessages).toBe(20);
    expect(plan.value.variables.find((v) => v.name === "appointment.time")?.distinct).toBe(4);
    expect(plan.value.variables.find((v) => v.name === "firstName")?.values).toEqual([...NAMES].sort());
    // The template says who calls, but gives no number to call back and no way to opt out.
    expect(plan.value.lint.map((f) => [f.code, f.recipients])).toEqual([
      ["callback_number_missing", 200],
      ["opt_out_missing", 200],
    ]);
    // Each value comes with the sentence a recipient hears it in, for "hear every value".
    const times = plan.value.variables.find((v) => v.name === "appointment.time")!;
    expect(times.sentences).toHaveLength(times.values.length);
    times.sentences.forEach((sentence, i) => expect(sentence).toMatch(new RegExp(`^Your appointment is on .+ at ${times.values[i]}\\.$`)));
    const names = plan.value.variables.find((v) => v.name === "firstName")!;
    expect(names.sentences[0]).toBe(`Hi ${names.values[0]}, this is Bright Smile Dental.`);
    // Nothing rendered yet: the workers' start-up speed, as a wide range.
    expect(plan.value.estimatedRenderTime!.lowSeconds).toBeGreaterThan(0);
    expect(plan.value.estimatedRenderTime!.highSeconds).toBeGreaterThan(plan.value.estimatedRenderTime!.lowSeconds);
    expect(await segmentRowCount(getDb().db)).toBe(0);
  });

  it("renders each distinct sentence exactly once within a campaign", async () => {
    const created = await createCampaign(ctx, input({ name: "Within" }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    expect(launched.value.plan).toEqual({ distinctSegments: 15, newSegments: 15, distinctMessages: 20 });
    expect(launched.value.campaign.status).toBe("rendering");
    expect(launched.value.campaign.progress).toMatchObject({ queued: 15, total: 15 });
    expect(await segmentRowCount(getDb().db)).toBe(15);
    const linked = await getDb().db.execute(
      sql`select count(*)::int as n from campaign_recipients where campaign_id = ${created.value.id} and message_key is not null`,
    );
    expect(rowsOf<{ n: number }>(linked)[0]?.n).toBe(200);
  });

  it("reuses segments across campaigns that share sentences", async () => {
    const before = await segmentRowCount(getDb().db);
    const created = await createCampaign(ctx, input({ name: "Subset", recipients: { mode: "contacts", contactIds: contactIds.slice(0, 20) } }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    expect(launched.value.plan.newSegments).toBe(0);
    expect(await segmentRowCount(getDb().db)).toBe(before);
    const [linked] = await getDb().db.select({ n: count() }).from(campaignSegments).where(eq(campaignSegments.campaignId, created.value.id));
    expect(Number(linked?.n)).toBe(15);
  });

  it("counts already-rendered segments in the plan of a later campaign", async () => {
    await getDb().db.update(segments).set({ status: "done" });
    const created = await createCampaign(ctx, input({ name: "Later", template: `${TEMPLATE} See you soon.` }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value).toMatchObject({ distinctSegments: 16, alreadyRendered: 15, toRender: 1 });
  });

  it("lets only one of two simultaneous launches of a campaign plan it", async () => {
    const created = await createCampaign(ctx, input({ name: "Twice", template: "Hello {{firstName}}, twice." }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const results = await Promise.all([launchCampaign(ctx, created.value.id, TEST_WORKER), launchCampaign(ctx, created.value.id, TEST_WORKER)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "campaign_not_draft" } });
  });

  it("ends with one segment row per key when two campaigns sharing sentences launch at once", async () => {
    const template = "Good morning {{firstName}}. The office opens at 9 AM.";
    const a = await createCampaign(ctx, input({ name: "A", template }), TEST_WORKER);
    const b = await createCampaign(ctx, input({ name: "B", template, recipients: { mode: "contacts", contactIds: contactIds.slice(0, 50) } }), TEST_WORKER);
    if (!a.ok || !b.ok) throw new Error("create failed");
    const before = await segmentRowCount(getDb().db);
    const [la, lb] = await Promise.all([launchCampaign(ctx, a.value.id, TEST_WORKER), launchCampaign(ctx, b.value.id, TEST_WORKER)]);
    expect(la.ok && lb.ok).toBe(true);
    expect(await segmentRowCount(getDb().db)).toBe(before + 11);
    const dupes = await getDb().db.execute(sql`select key from segments group by key having count(*) > 1`);
    expect(rowsOf(dupes)).toHaveLength(0);
  });

  it("marks a campaign ready at launch when all its audio already exists", async () => {
    await getDb().db.update(segments).set({ status: "done" });
    const created = await createCampaign(ctx, input({ name: "Cached" }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    expect(launched.value.plan.newSegments).toBe(0);
    expect(launched.value.campaign.status).toBe("ready");
  });

  it("cancels a rendering campaign and duplicates it as a new draft", async () => {
    const created = await createCampaign(ctx, input({ name: "To cancel", template: "Bye {{firstName}}, see you." }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    await launchCampaign(ctx, created.value.id, TEST_WORKER);
    const canceled = await cancelCampaign(ctx, created.value.id);
    expect(canceled).toMatchObject({ ok: true, value: { status: "canceled" } });
    expect(await cancelCampaign(ctx, created.value.id)).toMatchObject({ ok: false, error: { code: "campaign_not_launched" } });
    const copy = await duplicateCampaign(ctx, created.value.id);
    expect(copy).toMatchObject({ ok: true, value: { status: "draft", name: "To cancel (copy)", recipients: 200 } });
  });

  it("previews merged and spoken text for sample contacts", async () => {
    const preview = await previewMessages(ctx, { template: TEMPLATE, contactIds: contactIds.slice(0, 2) });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value).toHaveLength(2);
    expect(preview.value[0]!.merged).toMatch(/^Hi (Maria|John), this is Bright Smile Dental\. Your appointment is on \w+day, \w+ \d+ at \d+:30 (AM|PM)\./);
    expect(preview.value[0]!.sentences.length).toBe(3);
    expect(preview.value[0]!.spoken).not.toMatch(/\d/);
  });
});

describeEachDatabase("campaign input errors", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    await seedContacts(getDb().db, getDb().organization.id, [
      { firstName: "Maria", attributes: { insurancePlan: "Delta", notes: "Please bring your insurance card and a photo ID. ".repeat(16) } },
    ]);
  });

  it("rejects an unknown variable with its position and a suggestion", async () => {
    const result = await createCampaign(ctx, input({ template: "Hi {{firstname}}!" }), TEST_WORKER);
    expect(result).toMatchObject({ ok: false, error: { code: "template_invalid" } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/firstName/);
    expect(result.error.details).toEqual([expect.objectContaining({ start: 3 })]);
  });

  it("accepts custom attributes present on the organisation's contacts", async () => {
    expect((await createCampaign(ctx, input({ template: "Your plan is {{custom.insurancePlan}}." }), TEST_WORKER)).ok).toBe(true);
  });

  it("rejects an unknown voice and a speed out of range with clear codes", async () => {
    expect(await createCampaign(ctx, input({ voice: "robot" }), TEST_WORKER)).toMatchObject({ ok: false, error: { code: "unknown_voice" } });
    expect(await createCampaign(ctx, input({ speed: 3 }), TEST_WORKER)).toMatchObject({ ok: false, error: { code: "speed_out_of_range" } });
  });

  it("refuses to launch with no recipients, with no worker, or with a message too long for a call", async () => {
    const empty = await createCampaign(ctx, input({ recipients: { mode: "contacts", contactIds: [] } }), TEST_WORKER);
    if (!empty.ok) throw new Error(empty.error.message);
    expect(await launchCampaign(ctx, empty.value.id, TEST_WORKER)).toMatchObject({ ok: false, error: { code: "no_recipients" } });
    expect(await launchCampaign(ctx, empty.value.id, null)).toMatchObject({ ok: false, error: { code: "worker_unavailable" } });
    const long = await createCampaign(ctx, input({ name: "Long", template: "Note: {{custom.notes}} Again: {{custom.notes}}" }), TEST_WORKER);
    if (!long.ok) throw new Error(long.error.message);
    expect(await launchCampaign(ctx, long.value.id, TEST_WORKER)).toMatchObject({ ok: false, error: { code: "message_too_long" } });
    const [row] = await getDb().db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, long.value.id));
    expect(row?.status).toBe("draft");
  });

  it("does not find another organisation's campaign", async () => {
    const created = await createCampaign(ctx, input(), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const other = { ...ctx, organization: { ...ctx.organization, id: "00000000-0000-4000-8000-000000000000" } };
    expect(await planCampaign(other, created.value.id, TEST_WORKER)).toMatchObject({ ok: false, error: { code: "campaign_not_found" } });
    const [row] = await getDb().db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, created.value.id));
    expect(row?.status).toBe("draft");
  });
});

describe.each(testDrivers())("appointment lookup [%s]", (driver) => {
  it("loads appointments in one query whatever the recipient count, and only when the template uses them", async () => {
    const statements: string[] = [];
    const database = await createTestDatabase(driver, { onQuery: (q) => statements.push(q) });
    try {
      const ctx = { db: database.db, organization: database.organization };
      const ids = await seedContacts(database.db, database.organization.id, appointmentContacts(300));
      const countLookups = async (contactIds: string[], template: string) => {
        const created = await createCampaign(ctx, input({ template, recipients: { mode: "contacts", contactIds } }), TEST_WORKER);
        if (!created.ok) throw new Error(created.error.message);
        statements.length = 0;
        const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
        if (!launched.ok) throw new Error(launched.error.message);
        return statements.filter((q) => /from "?appointments"?/i.test(q)).length;
      };
      expect(await countLookups(ids.slice(0, 10), TEMPLATE)).toBe(1);
      expect(await countLookups(ids, TEMPLATE)).toBe(1);
      expect(await countLookups(ids, "Hi {{firstName}}, please call us back.")).toBe(0);
    } finally {
      await database.close();
    }
  });
});

describeEachDatabase("over-long merged messages", (getDb) => {
  it("refuses plan and preview with message_too_long before normalising a 100 KB value", async () => {
    const { db } = getDb();
    const organization = await (await import("@/lib/organizations")).createOrganization(db, { name: "Long notes clinic" });
    const ctx: Ctx = { db, organization };
    const [longId] = await seedContacts(db, organization.id, [{ firstName: "Maria", attributes: { notes: "Call 555-0100 at 9 a.m. ".repeat(4_000) } }, { firstName: "John", attributes: { notes: "short" } }]);
    const created = await createCampaign(ctx, input({ template: "Hi {{firstName}}. {{custom.notes}}" }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, TEST_WORKER);
    expect(plan).toMatchObject({ ok: false, error: { code: "message_too_long" } });
    const preview = await previewMessages(ctx, { template: "Hi {{firstName}}. {{custom.notes}}", contactIds: [longId!] });
    expect(preview).toMatchObject({ ok: false, error: { code: "message_too_long" } });
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: false, error: { code: "message_too_long" } });
  });
});
