import { eq, sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { campaigns, schedules } from "@/drizzle/schema";
import { createCampaign, createCampaignSchema, getCampaignDetail, listCampaignRecipients, planCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import { countContacts, listContacts, listContactsSchema } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { rowsOf } from "@/lib/db";
import { createSchedule, getScheduleDetail, runDueSchedules } from "@/lib/schedules";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const ZONE = "America/New_York";
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const TEMPLATE = "Hi {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}}.";

function campaign(recipients: CreateCampaignInput["recipients"]): CreateCampaignInput {
  return { name: "Tomorrow", template: TEMPLATE, voice: "af_heart", speed: 1, recipients };
}

async function recipientNames(ctx: Ctx, campaignId: string): Promise<string[]> {
  const page = await listCampaignRecipients(ctx, campaignId, { limit: 100, offset: 0 });
  if (!page.ok) throw new Error(page.error.message);
  return page.value.items.map((r) => r.name.split(" ")[0]!).sort();
}

/**
 * Two days around a daylight-saving change in New York: the day before spring-forward (tomorrow is 23 hours
 * long) and the day before fall-back (tomorrow is 25 hours long). At 11:50 the next 24 hours end at 11:50
 * tomorrow, while "tomorrow" is the whole local day: the afternoon appointments are where they differ.
 */
const CASES = [
  { title: "spring-forward", today: "2026-03-07", tomorrow: "2026-03-08", dayAfter: "2026-03-09" },
  { title: "fall-back", today: "2026-10-31", tomorrow: "2026-11-01", dayAfter: "2026-11-02" },
];

describeEachDatabase("appointment windows are calendar days in the organisation's time zone", (getDb) => {
  let ctx: Ctx;
  let phone = 2025553000;

  beforeAll(() => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    expect(organization.timezone).toBe(ZONE);
  });

  afterEach(async () => {
    vi.useRealTimers();
    await getDb().db.update(schedules).set({ isPaused: true });
  });

  it.each(CASES)("builder, API, contacts page and schedule find the same patients for tomorrow at 11:50 before $title", async ({ today, tomorrow, dayAfter }) => {
    const { db } = getDb();
    const people = [
      { firstName: `Morning${today}`, appointment: { startsAt: at(`${tomorrow}T09:00`) } },
      { firstName: `Afternoon${today}`, appointment: { startsAt: at(`${tomorrow}T15:00`) } },
      { firstName: `Late${today}`, appointment: { startsAt: at(`${tomorrow}T23:30`) } },
      { firstName: `TodayLater${today}`, appointment: { startsAt: at(`${today}T14:00`) } },
      { firstName: `DayAfter${today}`, appointment: { startsAt: at(`${dayAfter}T00:30`) } },
    ].map((p) => ({ ...p, phone: `+1${phone++}` }));
    await seedContacts(db, ctx.organization.id, people);
    const tomorrowNames = [`Afternoon${today}`, `Late${today}`, `Morning${today}`];

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(`${today}T11:50`));

    // The builder's count and the contacts page (its query string).
    expect(await countContacts(ctx, { appointments: { kind: "tomorrow" } })).toBe(3);
    const page = await listContacts(ctx, listContactsSchema.parse({ appointments: "tomorrow", limit: "50" }));
    expect(page.items.map((c) => c.firstName).filter((n) => n!.endsWith(today)).sort()).toEqual(tomorrowNames);
    expect(await countContacts(ctx, { appointments: { kind: "inDays", days: 1 } })).toBe(3);
    expect(await countContacts(ctx, { appointments: { kind: "date", date: tomorrow } })).toBe(3);

    // The builder saves the window; the API's body goes through the same schema.
    const built = await createCampaign(ctx, createCampaignSchema.parse(campaign({ mode: "upcoming", window: { kind: "tomorrow" } })), TEST_WORKER);
    if (!built.ok) throw new Error(built.error.message);
    expect(await recipientNames(ctx, built.value.id)).toEqual(tomorrowNames);
    const said = `appointments tomorrow (${DateTime.fromISO(tomorrow).setLocale("en-US").toFormat("cccc, LLLL d, yyyy")}), ${ZONE} time`;
    expect(built.value.recipientWindow).toBe(said);
    // The plan says the same window, with the same count.
    expect(await planCampaign(ctx, built.value.id, TEST_WORKER)).toMatchObject({ ok: true, value: { recipients: 3, recipientWindow: said } });

    // The older API shape "withinDays: 1" is the calendar window "next 1 day": it keeps every one of tomorrow's
    // patients (and this afternoon's), where 24 hours from 11:50 lost the afternoon and the evening.
    const legacy = await createCampaign(ctx, createCampaignSchema.parse(campaign({ mode: "upcoming", withinDays: 1 } as never)), TEST_WORKER);
    if (!legacy.ok) throw new Error(legacy.error.message);
    expect(legacy.value.recipientSelection).toMatchObject({ mode: "upcoming", window: { kind: "nextDays", days: 1 } });
    expect(await recipientNames(ctx, legacy.value.id)).toEqual([...tomorrowNames, `TodayLater${today}`].sort());

    // The schedule, at 12:03 the same day, looking one day ahead.
    const schedule = await createSchedule(ctx, { name: `Tomorrow ${today}`, campaignId: built.value.id, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: "12:03", daysAhead: 1 });
    if (!schedule.ok) throw new Error(schedule.error.message);
    // Made at 11:50 (the row's own clock is the database's, which no test can set).
    await db.update(schedules).set({ activeFrom: at(`${today}T11:50`) }).where(eq(schedules.id, schedule.value.id));
    vi.setSystemTime(at(`${today}T12:03`));
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(`${today}T12:03`) })).toMatchObject({ launched: 1 });
    const detail = await getScheduleDetail(ctx, schedule.value.id);
    if (!detail.ok) throw new Error(detail.error.message);
    const run = detail.value.runs[0]!;
    expect(run).toMatchObject({ localDate: today, status: "launched", recipients: 3 });
    expect(await recipientNames(ctx, run.campaignId!)).toEqual(tomorrowNames);
  });

  it("a range and 'in N days' are whole local days, and an appointment that already started is left out", async () => {
    const { db } = getDb();
    await seedContacts(db, ctx.organization.id, [
      { firstName: "RangeStartMorning", phone: `+1${phone++}`, appointment: { startsAt: at("2026-06-10T08:00") } },
      { firstName: "RangeStartNoon", phone: `+1${phone++}`, appointment: { startsAt: at("2026-06-10T12:30") } },
      { firstName: "RangeEnd", phone: `+1${phone++}`, appointment: { startsAt: at("2026-06-12T23:59") } },
      { firstName: "PastRange", phone: `+1${phone++}`, appointment: { startsAt: at("2026-06-13T00:00") } },
    ]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at("2026-06-10T12:00"));
    const range = await createCampaign(ctx, campaign({ mode: "upcoming", window: { kind: "range", from: "2026-06-10", to: "2026-06-12" } }), TEST_WORKER);
    if (!range.ok) throw new Error(range.error.message);
    expect((await recipientNames(ctx, range.value.id)).filter((n) => /Range/.test(n))).toEqual(["RangeEnd", "RangeStartNoon"]);
    expect((await listContacts(ctx, listContactsSchema.parse({ appointments: "in:2", limit: "50" }))).items.map((c) => c.firstName)).toContain("RangeEnd");
    expect((await listContacts(ctx, listContactsSchema.parse({ appointments: "in:3", limit: "50" }))).items.map((c) => c.firstName)).toContain("PastRange");
    expect(listContactsSchema.safeParse({ appointments: "soon" }).success).toBe(false);
  });

  it("migrates campaigns saved with the older 'withinDays' to the calendar window", async () => {
    const { db } = getDb();
    const [row] = await db
      .insert(campaigns)
      .values({ organizationId: ctx.organization.id, name: "Old", template: TEMPLATE, voice: "af_heart", speed: 1, recipientSelection: { mode: "upcoming", withinDays: 3 } as never })
      .returning({ id: campaigns.id });
    const [listRow] = await db
      .insert(campaigns)
      .values({ organizationId: ctx.organization.id, name: "Old list", template: TEMPLATE, voice: "af_heart", speed: 1, recipientSelection: { mode: "list", listId: "00000000-0000-4000-8000-000000000000", withinDays: 7 } as never })
      .returning({ id: campaigns.id });
    await db.execute(sql.raw(readFileSync(path.join(MIGRATIONS_DIR, "0015_appointment_windows.sql"), "utf8")));
    const result = await db.execute(sql`select id, recipient_selection as "selection" from campaigns where id in (${row!.id}, ${listRow!.id})`);
    const selections = Object.fromEntries(rowsOf<{ id: string; selection: unknown }>(result).map((r) => [r.id, r.selection]));
    expect(selections[row!.id]).toEqual({ mode: "upcoming", window: { kind: "nextDays", days: 3 } });
    expect(selections[listRow!.id]).toEqual({ mode: "list", listId: "00000000-0000-4000-8000-000000000000", window: { kind: "nextDays", days: 7 } });
    expect(await getCampaignDetail(ctx, row!.id)).toMatchObject({ ok: true, value: { recipientWindow: expect.stringContaining("the next 3 days") } });
  });
});
