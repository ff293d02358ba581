import { beforeAll, expect, it } from "vitest";
import { createCampaign, getCampaignDetail, launchCampaign, listCampaigns, listCampaignRecipients, planCampaign, previewMessages, updateDraftCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { optOutContact } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { futureDate, seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const TEMPLATE = "Hi {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}}.";

describeEachDatabase("recipients whose message would miss a value", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    const { db } = getDb();
    ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    await seedContacts(db, ctx.organization.id, [
      { firstName: "Maria", lastName: "Garcia", appointment: { startsAt: futureDate(5, 14) } },
      { firstName: "John", lastName: "Smith" },
      { firstName: "", lastName: "Nguyen", appointment: { startsAt: futureDate(6, 15) } },
    ]);
  });

  async function draft(overrides: Partial<CreateCampaignInput> = {}): Promise<string> {
    const created = await createCampaign(ctx, { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" }, ...overrides }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    return created.value.id;
  }

  async function plan(id: string) {
    const planned = await planCampaign(ctx, id, TEST_WORKER);
    if (!planned.ok) throw new Error(planned.error.message);
    return planned.value;
  }

  it("the plan names each recipient who would miss a value, with the values", async () => {
    const p = await plan(await draft());
    expect(p.recipients).toBe(3);
    expect(p.missingValues).toMatchObject({
      policy: "ask",
      recipients: 2,
      listed: [
        { name: "John Smith", missing: ["appointment.date", "appointment.time"] },
        { name: "Nguyen", missing: ["firstName"] },
      ],
    });
  });

  it("a placeholder with fallback text is not missing", async () => {
    const p = await plan(await draft({ template: 'Hi {{firstName|there}}, we will see you {{appointment.dateTime|"soon"}}.' }));
    expect(p.missingValues).toEqual({ policy: "ask", recipients: 0, listed: [] });
  });

  it("skipping them leaves them out of the plan and of the launched campaign", async () => {
    const id = await draft();
    const updated = await updateDraftCampaign(ctx, id, { missingValues: "skip" }, TEST_WORKER);
    expect(updated).toMatchObject({ ok: true, value: { missingValues: "skip" } });
    const p = await plan(id);
    expect(p.recipients).toBe(1);
    expect(p.missingValues).toMatchObject({ policy: "skip", recipients: 2 });

    const launched = await launchCampaign(ctx, id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: true, value: { campaign: { recipients: 1 } } });
    const recipients = await listCampaignRecipients(ctx, id);
    expect(recipients.ok && recipients.value.items.map((r) => r.name)).toEqual(["Maria Garcia"]);
  });

  it("by default a message with a hole is not launched until the clinic chooses", async () => {
    const id = await draft();
    const refused = await launchCampaign(ctx, id, TEST_WORKER);
    expect(refused).toMatchObject({ ok: false, error: { code: "missing_values_undecided" } });
    expect(await getCampaignDetail(ctx, id)).toMatchObject({ ok: true, value: { status: "draft", recipients: 3 } });
  });

  it("a contact without an appointment misses every appointment value, even one with an empty fallback", async () => {
    const template = 'Hi {{firstName|there}}, appointment with {{appointment.provider|""}} on {{appointment.date}} at {{appointment.time}}, at {{appointment.location}}.';
    const p = await plan(await draft({ template }));
    const john = p.missingValues.listed.find((r) => r.name === "John Smith");
    expect(john?.missing).toEqual(["appointment.provider", "appointment.date", "appointment.time", "appointment.location"]);
  });

  it("a message without holes launches under the default policy", async () => {
    const id = await draft({ template: 'Hi {{firstName|there}}, we will see you {{appointment.dateTime|"soon"}}.' });
    expect(await launchCampaign(ctx, id, TEST_WORKER)).toMatchObject({ ok: true, value: { campaign: { recipients: 3 } } });
  });

  it("sending with the fallback keeps every recipient", async () => {
    const id = await draft({ missingValues: "fallback" });
    const launched = await launchCampaign(ctx, id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: true, value: { campaign: { recipients: 3 } } });
  });
});

describeEachDatabase("preview samples", (getDb) => {
  it("shows a message that misses a value and different values, not the first rows", async () => {
    const { db } = getDb();
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    const same = futureDate(5, 14);
    await seedContacts(db, ctx.organization.id, [
      ...["Abbott", "Adams", "Allen", "Avery"].map((lastName) => ({ firstName: "Maria", lastName, appointment: { startsAt: same } })),
      { firstName: "Yuri", lastName: "Young" },
      { firstName: "Zoe", lastName: "Zimmer", appointment: { startsAt: futureDate(6, 20) } },
    ]);
    const preview = await previewMessages(ctx, { template: TEMPLATE, limit: 3 });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.map((p) => p.name)).toEqual(["Yuri Young", expect.stringMatching(/^Maria /), "Zoe Zimmer"]);
    expect(preview.value[0]!.missing).toEqual(["appointment.date", "appointment.time"]);
  });
});

describeEachDatabase("preview samples of a campaign", (getDb) => {
  it("come from its recipients, not from the other contacts", async () => {
    const { db } = getDb();
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    const [anaId] = await seedContacts(db, ctx.organization.id, [
      { firstName: "Ana", lastName: "Alvarez", appointment: { startsAt: futureDate(5, 14) } },
      { firstName: "Yuri", lastName: "Young" },
      { firstName: "Zoe", lastName: "Zimmer", appointment: { startsAt: futureDate(6, 20) } },
    ]);
    const created = await createCampaign(ctx, { name: "One", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [anaId!] } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const preview = await previewMessages(ctx, { template: TEMPLATE, limit: 3, campaignId: created.value.id });
    expect(preview.ok && preview.value.map((p) => p.name)).toEqual(["Ana Alvarez"]);
  });
});

describeEachDatabase("saving a new draft twice", (getDb) => {
  it("a repeated create with the same idempotency key returns the first draft and makes no second one", async () => {
    const { db } = getDb();
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    await seedContacts(db, ctx.organization.id, [{ firstName: "Ana", lastName: "Alvarez", appointment: { startsAt: futureDate(5, 14) } }]);
    const input: CreateCampaignInput = { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" }, idempotencyKey: "a6f0c7d2-double-click" };
    const [first, second] = await Promise.all([createCampaign(ctx, input, TEST_WORKER), createCampaign(ctx, input, TEST_WORKER)]);
    const third = await createCampaign(ctx, input, TEST_WORKER);
    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(second.value.id).toBe(first.value.id);
    expect(third.value.id).toBe(first.value.id);
    expect((await listCampaigns(ctx)).map((c) => c.id)).toEqual([first.value.id]);
    const other = await createCampaign(ctx, { ...input, idempotencyKey: "b7e1d8e3-another-draft" }, TEST_WORKER);
    expect(other.ok && other.value.id).not.toBe(first.value.id);
  });
});

describeEachDatabase("a draft's recipient count", (getDb) => {
  it("leaves out contacts on the do-not-call list, as launch will", async () => {
    const { db } = getDb();
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    const [, optedOut] = await seedContacts(db, ctx.organization.id, [
      { firstName: "Ana", lastName: "Alvarez", appointment: { startsAt: futureDate(5, 14) } },
      { firstName: "Ben", lastName: "Brown", appointment: { startsAt: futureDate(5, 15) } },
      { firstName: "Cy", lastName: "Chen", appointment: { startsAt: futureDate(5, 16) } },
    ]);
    expect((await optOutContact(ctx, optedOut!, { source: "manual" })).ok).toBe(true);
    const created = await createCampaign(ctx, { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.recipients).toBe(2);
    expect(await getCampaignDetail(ctx, created.value.id)).toMatchObject({ ok: true, value: { recipients: 2 } });
    expect((await listCampaigns(ctx)).find((c) => c.id === created.value.id)?.recipients).toBe(2);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: true, value: { campaign: { recipients: 2 } } });
  });
});
