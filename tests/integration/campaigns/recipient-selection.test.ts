import { beforeAll, expect, it } from "vitest";
import { appointments } from "@/drizzle/schema";
import {
  createCampaign,
  createCampaignSchema,
  duplicateCampaign,
  getCampaignDetail,
  listCampaignRecipients,
  updateDraftCampaign,
  type CreateCampaignInput,
} from "@/lib/campaigns";
import { countContacts, listContacts } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (msFromNow: number) => ({ startsAt: new Date(Date.now() + msFromNow), provider: "Dr. Lee" });

function input(recipients: CreateCampaignInput["recipients"]): CreateCampaignInput {
  return { name: "Reminders", template: "Hi {{firstName}}, see you soon.", voice: "af_heart", speed: 1, recipients };
}

/** The first names of a campaign's recipients, sorted (seeded contacts are named "<first> Tester<n>"). */
async function recipientNames(ctx: Ctx, campaignId: string): Promise<string[]> {
  const page = await listCampaignRecipients(ctx, campaignId, { limit: 100, offset: 0 });
  if (!page.ok) throw new Error(page.error.message);
  return page.value.items.map((r) => r.name.split(" ")[0]!).sort();
}

describeEachDatabase("choosing a campaign's recipients", (getDb) => {
  let ctx: Ctx;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    const people = [
      { firstName: "Soon", appointment: at(2 * HOUR) },
      { firstName: "ThreeDays", appointment: at(3 * DAY) },
      { firstName: "Later", appointment: at(20 * DAY) },
      { firstName: "Past", appointment: at(-DAY) },
      { firstName: "Nobody" },
    ];
    const seeded = await seedContacts(db, organization.id, people);
    ids = Object.fromEntries(people.map((p, i) => [p.firstName, seeded[i]!]));
    // Two more appointments for Past, both in the window: one recipient, not two.
    await db.insert(appointments).values([
      { contactId: ids.Past!, ...at(5 * DAY) },
      { contactId: ids.Past!, ...at(6 * DAY) },
    ]);
    // Another organisation's contact with an appointment tomorrow is never chosen.
    const other = await createOrganization(db, { name: "Sunrise Physio" });
    await seedContacts(db, other.id, [{ firstName: "Elsewhere", phone: "+15125550999", appointment: at(DAY) }]);
  });

  it("counts and lists the contacts with an appointment in the next N days", async () => {
    expect(await countContacts(ctx)).toBe(5);
    expect(await countContacts(ctx, { appointments: { kind: "nextDays", days: 1 } })).toBe(1);
    expect(await countContacts(ctx, { appointments: { kind: "nextDays", days: 7 } })).toBe(3);
    expect(await countContacts(ctx, { appointments: { kind: "nextDays", days: 30 } })).toBe(4);
    const page = await listContacts(ctx, { limit: 50, offset: 0, upcomingWithinDays: 7 });
    expect(page.total).toBe(3);
    expect(page.items.map((c) => c.firstName).sort()).toEqual(["Past", "Soon", "ThreeDays"]);
  });

  it("saves an upcoming-appointment selection as those contacts, each once, and remembers the window", async () => {
    const created = await createCampaign(ctx, input({ mode: "upcoming", window: { kind: "nextDays", days: 7 } }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ recipients: 3, recipientSelection: { mode: "upcoming", window: { kind: "nextDays", days: 7 } } });
    expect(await recipientNames(ctx, created.value.id)).toEqual(["Past", "Soon", "ThreeDays"]);
  });

  it("switches a draft between all contacts, a window and a list, keeping the choice on the campaign", async () => {
    const created = await createCampaign(ctx, input({ mode: "all" }), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ recipients: 5, recipientSelection: { mode: "all" } });

    const windowed = await updateDraftCampaign(ctx, created.value.id, { recipients: { mode: "upcoming", window: { kind: "nextDays", days: 1 } } }, TEST_WORKER);
    expect(windowed).toMatchObject({ ok: true, value: { recipients: 1, recipientSelection: { mode: "upcoming", window: { kind: "nextDays", days: 1 } } } });

    const listed = await updateDraftCampaign(ctx, created.value.id, { recipients: { mode: "contacts", contactIds: [ids.Nobody!, ids.Later!] } }, TEST_WORKER);
    expect(listed).toMatchObject({ ok: true, value: { recipients: 2, recipientSelection: { mode: "contacts" } } });

    // Saving other fields keeps the recipients and the choice.
    const renamed = await updateDraftCampaign(ctx, created.value.id, { name: "Renamed" }, TEST_WORKER);
    expect(renamed).toMatchObject({ ok: true, value: { name: "Renamed", recipients: 2, recipientSelection: { mode: "contacts" } } });
    expect(await recipientNames(ctx, created.value.id)).toEqual(["Later", "Nobody"]);
  });

  it("chooses a window's recipients again when the campaign is duplicated, and copies a list as it is", async () => {
    const windowed = await createCampaign(ctx, input({ mode: "upcoming", window: { kind: "nextDays", days: 1 } }), TEST_WORKER);
    const listed = await createCampaign(ctx, input({ mode: "contacts", contactIds: [ids.Nobody!] }), TEST_WORKER);
    if (!windowed.ok || !listed.ok) throw new Error("create failed");
    expect(windowed.value.recipients).toBe(1);

    // A new appointment tomorrow: the copy of the windowed campaign reaches it; the original is unchanged.
    const [newcomer] = await seedContacts(ctx.db, ctx.organization.id, [{ firstName: "Newcomer", phone: "+15125550777", appointment: at(10 * HOUR) }]);
    const windowCopy = await duplicateCampaign(ctx, windowed.value.id);
    expect(windowCopy).toMatchObject({ ok: true, value: { recipients: 2, recipientSelection: { mode: "upcoming", window: { kind: "nextDays", days: 1 } } } });
    expect(await getCampaignDetail(ctx, windowed.value.id)).toMatchObject({ ok: true, value: { recipients: 1 } });

    const listCopy = await duplicateCampaign(ctx, listed.value.id);
    expect(listCopy).toMatchObject({ ok: true, value: { recipients: 1, recipientSelection: { mode: "contacts" } } });
    expect(newcomer).toBeDefined();
  });
});

it("rejects a window that is not a whole number of days from 1 to 365, in either shape", () => {
  for (const days of [0, -3, 366, 2.5, "soon"]) {
    expect(createCampaignSchema.safeParse(input({ mode: "upcoming", withinDays: days } as never)).success, `withinDays ${days}`).toBe(false);
    expect(createCampaignSchema.safeParse(input({ mode: "upcoming", window: { kind: "nextDays", days } } as never)).success, `nextDays ${days}`).toBe(false);
  }
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming", window: { kind: "nextDays", days: 365 } })).success).toBe(true);
  // The older shape is read as the calendar-day window "next N days"; query strings arrive as text.
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming", withinDays: "14" } as never))).toMatchObject({
    success: true,
    data: { recipients: { mode: "upcoming", window: { kind: "nextDays", days: 14 } } },
  });
  expect(createCampaignSchema.parse(input({ mode: "upcoming", withinDays: 14 } as never)).recipients).not.toHaveProperty("withinDays");
  // Both shapes at once, or neither, is refused rather than guessed.
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming", withinDays: 1, window: { kind: "tomorrow" } } as never)).success).toBe(false);
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming" } as never)).success).toBe(false);
  // A range that ends before it starts, or a date that does not exist.
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming", window: { kind: "range", from: "2026-03-10", to: "2026-03-09" } })).success).toBe(false);
  expect(createCampaignSchema.safeParse(input({ mode: "upcoming", window: { kind: "date", date: "2026-02-30" } })).success).toBe(false);
});
