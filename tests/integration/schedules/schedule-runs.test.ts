import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterEach, beforeAll, expect, it } from "vitest";
import { campaignRecipients, campaigns, schedules } from "@/drizzle/schema";
import { createCampaign, getCampaignDetail } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { addContactsToList, createContactList, deleteContactList, optOutContact } from "@/lib/contacts";
import { createSchedule, getScheduleDetail, listSchedules, runDueSchedules, setSchedulePaused, updateSchedule, type ScheduleInput } from "@/lib/schedules";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

const ZONE = "America/New_York";
const TEMPLATE = "Hi {{firstName}}, this is Bright Smile Dental. Your appointment is on {{appointment.date}} at {{appointment.time}}. Call 202-555-0100 to change it. Press 9 to opt out.";

/** The next local dates, from today on, whose UTC offset differs from the day before's: DST changes. */
function nextOffsetChanges(count: number): string[] {
  const found: string[] = [];
  for (let day = DateTime.now().setZone(ZONE).startOf("day").plus({ days: 2 }); found.length < count; day = day.plus({ days: 1 })) {
    if (day.set({ hour: 12 }).offset !== day.minus({ days: 1 }).set({ hour: 12 }).offset) found.push(day.toISODate()!);
  }
  return found;
}

const at = (localDate: string, time: string) => DateTime.fromISO(`${localDate}T${time}`, { zone: ZONE }).toJSDate();
const plusDays = (localDate: string, days: number) => DateTime.fromISO(localDate, { zone: ZONE }).plus({ days }).toISODate()!;

describeEachDatabase("schedules", (getDb) => {
  let ctx: Ctx;
  let sourceId: string;
  let phone = 2025551000;
  const contactWithAppointment = async (db: TestDatabase["db"], firstName: string, startsAt: Date) =>
    (await seedContacts(db, ctx.organization.id, [{ firstName, phone: `+1${phone++}`, appointment: { startsAt } }]))[0]!;

  beforeAll(async () => {
    const { db, organization } = getDb();
    ctx = { db, organization };
    const source = await createCampaign(ctx, { name: "Reminder template", template: TEMPLATE, voice: "af_heart", speed: 1.1, recipients: { mode: "contacts", contactIds: [] } }, TEST_WORKER);
    if (!source.ok) throw new Error(source.error.message);
    sourceId = source.value.id;
  });

  // A tick runs every schedule in the database: each test's schedules stop when it ends, so counts are its own.
  afterEach(async () => {
    await getDb().db.update(schedules).set({ isPaused: true });
  });

  async function newSchedule(input: Partial<ScheduleInput> = {}) {
    const created = await createSchedule(ctx, { name: "Tomorrow's reminders", campaignId: sourceId, weekdays: [1, 2, 3, 4, 5, 6, 7], localTime: "09:00", daysAhead: 1, ...input });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  }

  async function runsOf(id: string) {
    const detail = await getScheduleDetail(ctx, id);
    if (!detail.ok) throw new Error(detail.error.message);
    return detail.value.runs;
  }

  it.each(nextOffsetChanges(2).map((d) => [d]))("runs 09:00 local on each side of the clock change of %s, with the next day's appointments", async (changeDay) => {
    const { db } = getDb();
    const before = plusDays(changeDay, -1);
    const maria = await contactWithAppointment(db, "Maria", at(changeDay, "14:30"));
    const john = await contactWithAppointment(db, "John", at(plusDays(changeDay, 1), "10:00"));
    const schedule = await newSchedule({ name: `Around ${changeDay}` });
    const tick = (now: Date) => runDueSchedules({ db, worker: TEST_WORKER, now });

    // One minute before 09:00 local on each side nothing runs; at 09:00 local the slot does.
    expect(await tick(new Date(at(before, "09:00").getTime() - 60_000))).toEqual({ launched: 0, skipped: 0, failed: 0 });
    expect(await tick(at(before, "09:00"))).toEqual({ launched: 1, skipped: 0, failed: 0 });
    expect(await tick(new Date(at(changeDay, "09:00").getTime() - 60_000))).toEqual({ launched: 0, skipped: 0, failed: 0 });
    expect(await tick(at(changeDay, "09:00"))).toEqual({ launched: 1, skipped: 0, failed: 0 });
    // The same slots again (a second process, a later tick): nothing more.
    expect(await tick(new Date(at(changeDay, "09:00").getTime() + 60_000))).toEqual({ launched: 0, skipped: 0, failed: 0 });

    const runs = await runsOf(schedule.id);
    expect(runs.map((r) => [r.localDate, r.slotAt, r.status, r.recipients])).toEqual([
      [changeDay, at(changeDay, "09:00").toISOString(), "launched", 1],
      [before, at(before, "09:00").toISOString(), "launched", 1],
    ]);
    // The two instants are 23 or 25 hours apart: the local time held, not the UTC one.
    expect(Math.abs(new Date(runs[0]!.slotAt).getTime() - new Date(runs[1]!.slotAt).getTime())).not.toBe(24 * 3600_000);
    // Each slot's campaign went through create and launch: the day after's appointment, the source's voice and speed.
    for (const [run, contactId] of [
      [runs[1]!, maria],
      [runs[0]!, john],
    ] as const) {
      const campaign = await getCampaignDetail(ctx, run.campaignId!);
      if (!campaign.ok) throw new Error(campaign.error.message);
      expect(campaign.value).toMatchObject({ status: "rendering", voice: "af_heart", speed: 1.1, template: TEMPLATE, recipients: 1 });
      const recipients = await db.select({ contactId: campaignRecipients.contactId }).from(campaignRecipients).where(eq(campaignRecipients.campaignId, run.campaignId!));
      expect(recipients).toEqual([{ contactId }]);
    }
  });

  it("records a slot with nobody to call as skipped, without a campaign", async () => {
    const { db } = getDb();
    const day = nextOffsetChanges(1)[0]!;
    const schedule = await newSchedule({ name: "Nobody", localTime: "07:15", daysAhead: 5 });
    const campaignsBefore = (await db.select({ id: campaigns.id }).from(campaigns)).length;
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "07:15") })).toEqual({ launched: 0, skipped: 1, failed: 0 });
    const [run] = await runsOf(schedule.id);
    expect(run).toMatchObject({ status: "skipped", campaignId: null, recipients: 0, message: `No contact has an appointment on ${plusDays(day, 5)}.` });
    expect((await db.select({ id: campaigns.id }).from(campaigns)).length).toBe(campaignsBefore);
  });

  it("launches a slot once when ticks race for it", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 20);
    await contactWithAppointment(db, "Aiko", at(plusDays(day, 1), "11:00"));
    const schedule = await newSchedule({ name: "Raced", localTime: "06:45" });
    const now = at(day, "06:45");
    const results = await Promise.all(Array.from({ length: 4 }, () => runDueSchedules({ db, worker: TEST_WORKER, now })));
    expect(results.reduce((n, r) => n + r.launched, 0)).toBe(1);
    const runs = await runsOf(schedule.id);
    expect(runs).toHaveLength(1);
    const made = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.name, `Raced · ${day}`));
    expect(made).toHaveLength(1);
  });

  it("waits for a worker: no slot is claimed while none is ready", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 30);
    const schedule = await newSchedule({ name: "No worker", localTime: "05:00", daysAhead: 9 });
    expect(await runDueSchedules({ db, worker: null, now: at(day, "05:00") })).toEqual({ launched: 0, skipped: 0, failed: 0 });
    expect(await runsOf(schedule.id)).toEqual([]);
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "05:10") })).toMatchObject({ skipped: 1 });
  });

  it("pauses and resumes: no slot runs while paused, the missed ones are not caught up, next run is shown", async () => {
    const { db } = getDb();
    const schedule = await newSchedule({ name: "Paused", localTime: "08:00", weekdays: [1] });
    expect(schedule.nextRunAt).not.toBeNull();
    expect(DateTime.fromISO(schedule.nextRunAt!, { zone: ZONE }).toFormat("ccc HH:mm")).toBe("Mon 08:00");
    const paused = await setSchedulePaused(ctx, schedule.id, true);
    expect(paused.ok && paused.value).toMatchObject({ isPaused: true, nextRunAt: null });
    const slot = new Date(schedule.nextRunAt!);
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: slot })).toEqual({ launched: 0, skipped: 0, failed: 0 });
    // Resumed after the slot: the slot it missed stays missed.
    await db.update(schedules).set({ isPaused: false, activeFrom: new Date(slot.getTime() + 60_000) }).where(eq(schedules.id, schedule.id));
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: new Date(slot.getTime() + 120_000) })).toEqual({ launched: 0, skipped: 0, failed: 0 });
    const resumed = await setSchedulePaused(ctx, schedule.id, false);
    expect(resumed.ok && resumed.value.nextRunAt).toBe(schedule.nextRunAt);
    expect((await listSchedules(ctx)).find((s) => s.id === schedule.id)).toMatchObject({ isPaused: false, campaignName: "Reminder template" });
  });

  async function newList(name: string, contactIds: string[]) {
    const list = await createContactList(ctx, name);
    if (!list.ok) throw new Error(list.error.message);
    await addContactsToList(ctx, list.value.id, contactIds);
    return list.value;
  }

  async function launchedRecipients(campaignId: string) {
    const { db } = getDb();
    const rows = await db.select({ contactId: campaignRecipients.contactId }).from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId));
    return rows.map((r) => r.contactId).sort();
  }

  it("limited to a list, launches only the list's members with an appointment that day", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 40);
    const lena = await contactWithAppointment(db, "Lena", at(plusDays(day, 1), "10:00"));
    await contactWithAppointment(db, "Omar", at(plusDays(day, 1), "11:00")); // that day, not in the list
    const pia = await contactWithAppointment(db, "Pia", at(plusDays(day, 2), "10:00")); // in the list, another day
    const list = await newList("Hygiene recall", [lena, pia]);
    const schedule = await newSchedule({ name: "Recall only", localTime: "06:30", listId: list.id });
    expect(schedule.list).toEqual({ id: list.id, name: "Hygiene recall" });
    expect((await listSchedules(ctx)).find((s) => s.id === schedule.id)?.list).toEqual({ id: list.id, name: "Hygiene recall" });

    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:30") })).toEqual({ launched: 1, skipped: 0, failed: 0 });
    const [run] = await runsOf(schedule.id);
    expect(run).toMatchObject({ status: "launched", recipients: 1 });
    expect(await launchedRecipients(run!.campaignId!)).toEqual([lena]);
  });

  it("skips the slots of a schedule whose list was deleted rather than calling everyone", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 50);
    const ines = await contactWithAppointment(db, "Ines", at(plusDays(day, 1), "10:00"));
    await contactWithAppointment(db, "Jonas", at(plusDays(day, 1), "12:00"));
    const list = await newList("Deleted soon", [ines]);
    const schedule = await newSchedule({ name: "Orphaned", localTime: "06:40", listId: list.id });
    expect((await deleteContactList(ctx, list.id)).ok).toBe(true);

    const detail = await getScheduleDetail(ctx, schedule.id);
    expect(detail.ok && detail.value.schedule.list).toEqual({ id: list.id, name: null });
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:40") })).toEqual({ launched: 0, skipped: 1, failed: 0 });
    const [run] = await runsOf(schedule.id);
    expect(run).toMatchObject({ status: "skipped", campaignId: null, message: "The schedule's contact list no longer exists." });
  });

  it("never launches a contact on the do-not-call list", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 60);
    const kim = await contactWithAppointment(db, "Kim", at(plusDays(day, 1), "09:30"));
    const leo = await contactWithAppointment(db, "Leo", at(plusDays(day, 1), "09:45"));
    expect((await optOutContact(ctx, leo, { reason: "Asked on the phone", source: "manual" })).ok).toBe(true);
    const schedule = await newSchedule({ name: "Honours do-not-call", localTime: "06:50" });

    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:50") })).toEqual({ launched: 1, skipped: 0, failed: 0 });
    const [run] = await runsOf(schedule.id);
    expect(run).toMatchObject({ status: "launched", recipients: 1 });
    expect(await launchedRecipients(run!.campaignId!)).toEqual([kim]);
  });

  it("a slot keeps its campaign's choice to say patients who share a number together", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 90);
    const source = await createCampaign(
      ctx,
      { name: "Family reminder", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] }, sharedNumbers: "together" },
      TEST_WORKER,
    );
    if (!source.ok) throw new Error(source.error.message);
    const [lucia, mateo] = await seedContacts(db, ctx.organization.id, [
      { firstName: "Lucia", phone: "+12025559940", appointment: { startsAt: at(plusDays(day, 1), "08:00") } },
      { firstName: "Mateo", phone: "+12025559940", appointment: { startsAt: at(plusDays(day, 1), "08:30") } },
    ]);
    const schedule = await newSchedule({ name: "Families together", campaignId: source.value.id, localTime: "06:40" });

    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:40") })).toEqual({ launched: 1, skipped: 0, failed: 0 });
    const [run] = await runsOf(schedule.id);
    const campaign = await getCampaignDetail(ctx, run!.campaignId!);
    expect(campaign.ok && campaign.value).toMatchObject({ sharedNumbers: "together", recipients: 2 });
    const rows = await db
      .select({ contactId: campaignRecipients.contactId, id: campaignRecipients.id, sharedWith: campaignRecipients.sharedWithRecipientId })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, run!.campaignId!));
    const luciaRow = rows.find((r) => r.contactId === lucia);
    expect(rows.find((r) => r.contactId === mateo)?.sharedWith).toBe(luciaRow?.id);
    expect(luciaRow?.sharedWith).toBeNull();
  });

  it("a slot keeps its campaign's choice for messages that would miss a value, and launches none without one", async () => {
    const { db } = getDb();
    const day = plusDays(nextOffsetChanges(1)[0]!, 120);
    const template = "Hi {{firstName}}, see you on {{appointment.date}} with {{appointment.provider}}. Call 202-555-0100. Press 9 to opt out.";
    await seedContacts(db, ctx.organization.id, [{ firstName: "Nadia", phone: "+12025559960", appointment: { startsAt: at(plusDays(day, 1), "10:00") } }]);
    const sourceWith = async (name: string, missingValues?: "skip" | "fallback") => {
      const created = await createCampaign(ctx, { name, template, voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: [] }, missingValues }, TEST_WORKER);
      if (!created.ok) throw new Error(created.error.message);
      return created.value.id;
    };
    // Nadia's appointment has no provider: her message would miss it.
    const sending = await newSchedule({ name: "Send anyway", campaignId: await sourceWith("Send anyway", "fallback"), localTime: "06:50" });
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:50") })).toEqual({ launched: 1, skipped: 0, failed: 0 });
    const [sent] = await runsOf(sending.id);
    expect(await getCampaignDetail(ctx, sent!.campaignId!)).toMatchObject({ ok: true, value: { missingValues: "fallback", recipients: 1 } });
    await setSchedulePaused(ctx, sending.id, true);

    const undecided = await newSchedule({ name: "Not chosen", campaignId: await sourceWith("Not chosen"), localTime: "06:55" });
    expect(await runDueSchedules({ db, worker: TEST_WORKER, now: at(day, "06:55") })).toEqual({ launched: 0, skipped: 0, failed: 1 });
    const [refused] = await runsOf(undecided.id);
    expect(refused).toMatchObject({ status: "failed", message: expect.stringMatching(/miss a value/) });
  });

  it("refuses a list of another organisation, on create and on edit", async () => {
    const other = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Sunrise Physio" }) };
    const theirs = await createContactList(other, "Not yours");
    if (!theirs.ok) throw new Error(theirs.error.message);
    const list = theirs.value.id;
    const created = await createSchedule(ctx, { name: "Foreign list", campaignId: sourceId, weekdays: [1], localTime: "09:00", daysAhead: 1, listId: list });
    expect(created.ok || created.error.code).toBe("list_not_found");
    const schedule = await newSchedule({ name: "Edited to a foreign list" });
    const updated = await updateSchedule(ctx, schedule.id, { name: "Edited", campaignId: sourceId, weekdays: [1], localTime: "09:00", daysAhead: 1, listId: list });
    expect(updated.ok || updated.error.code).toBe("list_not_found");
  });

  it("refuses a schedule for another organisation's campaign", async () => {
    const created = await createSchedule({ ...ctx, organization: { ...ctx.organization, id: "00000000-0000-4000-8000-000000000000" } }, {
      name: "Foreign",
      campaignId: sourceId,
      weekdays: [1],
      localTime: "09:00",
      daysAhead: 1,
    });
    expect(created.ok || created.error.code).toBe("campaign_not_found");
  });
});
