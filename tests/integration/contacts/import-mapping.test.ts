import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createCampaign, launchCampaign, listCampaignRecipients, planCampaign } from "@/lib/campaigns";
import { getContactDetail, importContactsCsv, listContacts, previewContactsCsv } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

const fixture = (name: string) => fs.readFileSync(path.resolve(import.meta.dirname, "../../fixtures/imports", name));

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Practice", timezone: "America/Chicago" });
  return { db: database.db, organization };
}

async function countContactRows(ctx: Ctx): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from contacts where organization_id = ${ctx.organization.id}`));
  return Number(row?.n ?? 0);
}

/** An export the product cannot read by itself: no header it knows. */
const UNKNOWN = ["Who,Digits,When,Visit,Tongue", '"Diaz, Rosa",512-555-0192,2030-06-01 10:00,Cancelled,Idioma: Español', "Lee Park,512-555-0193,2030-06-01 10:30,Confirmed,English", ""].join("\n");
const UNKNOWN_MAPPING = { columns: { Who: "fullName", Digits: "phone", When: "appointmentDateTime", Visit: "status", Tongue: "ignore" } } as const;

describeEachDatabase("import mapping", (getDb) => {
  it("previews a file without writing, imports it with the manager's mapping and remembers it for the next file", async () => {
    const ctx = await createCtx(getDb());
    const guessed = unwrap(await previewContactsCsv(ctx, { csv: UNKNOWN }));
    expect(guessed).toMatchObject({ complete: false, source: "guessed", rows: [], problem: expect.stringContaining("No phone column found") });
    expect(guessed.columns.map((c) => c.header)).toEqual(["Who", "Digits", "When", "Visit", "Tongue"]);
    expect(guessed.columns[1]!.samples).toEqual(["512-555-0192", "512-555-0193"]);
    expect((await importContactsCsv(ctx, { csv: UNKNOWN })).ok).toBe(false);

    const mapped = unwrap(await previewContactsCsv(ctx, { csv: UNKNOWN, mapping: { columns: { ...UNKNOWN_MAPPING.columns } } }));
    expect(mapped.rows.map((r) => [r.firstName, r.lastName, r.phone, r.appointment?.status])).toEqual([
      ["Rosa", "Diaz", "+15125550192", "cancelled"],
      ["Lee", "Park", "+15125550193", "confirmed"],
    ]);
    expect(await countContactRows(ctx)).toBe(0);

    const report = unwrap(await importContactsCsv(ctx, { csv: UNKNOWN, mapping: { columns: { ...UNKNOWN_MAPPING.columns } } }));
    expect(report).toMatchObject({ created: 2, failed: 0, customAttributes: ["visit"] });
    expect(report.mapping.source).toBe("given");

    // The next file with the same headers (other rows) is read with the remembered mapping, without a question.
    const next = UNKNOWN.replace("Lee Park,512-555-0193", "Lee Park,512-555-0194");
    const preview = unwrap(await previewContactsCsv(ctx, { csv: next }));
    expect(preview).toMatchObject({ complete: true, source: "remembered", problem: null });
    const again = unwrap(await importContactsCsv(ctx, { csv: next }));
    expect(again).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(again.mapping.source).toBe("remembered");

    // Another organisation has not chosen anything.
    const other = await createCtx(getDb());
    expect(unwrap(await previewContactsCsv(other, { csv: next })).source).toBe("guessed");
  });

  it("imports a known export with statuses on the appointments and languages on the contacts", async () => {
    const ctx = await createCtx(getDb());
    const report = unwrap(await importContactsCsv(ctx, { csv: fixture("open-dental.csv"), fileName: "appointments.csv" }));
    expect(report).toMatchObject({ created: 10, failed: 0, mapping: { source: "known", system: { id: "open-dental", name: "Open Dental" } } });
    const { items } = await listContacts(ctx, { limit: 50, offset: 0 });
    const rosa = items.find((c) => c.externalId === "1042")!;
    expect(rosa).toMatchObject({ firstName: "Rosa", lastName: "Alvarez", phone: "+15125550142", language: "es" });
    const chen = items.find((c) => c.externalId === "1044")!;
    const detail = unwrap(await getContactDetail(ctx, chen.id));
    expect(detail.contact.language).toBe("zh");
    expect(detail.appointments.upcoming.map((a) => a.status)).toEqual(["broken"]);
    // A broken appointment is never the next one a message speaks of.
    expect(chen.nextAppointment).toBeNull();
    expect(rosa.nextAppointment?.provider).toBe("DrKim");
  });

  it("leaves out recipients whose appointments are cancelled, broken, no-show or completed, and the plan says why", async () => {
    const ctx = await createCtx(getDb());
    unwrap(await importContactsCsv(ctx, { csv: fixture("dentrix.csv") }));
    const campaign = unwrap(
      await createCampaign(ctx, { name: "Tomorrow", template: "Hi {{firstName}}, see you {{appointment.time}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER),
    );
    const plan = unwrap(await planCampaign(ctx, campaign.id, TEST_WORKER));
    // Dentrix: Broken (Moreno), No Show (Petrov), Complete (Quinn); six others are reminded.
    expect(plan.recipients).toBe(6);
    expect(plan.leftOut).toEqual({ optedOut: 0 });
    expect(plan.leftOutByAppointment).toEqual({ byStatus: { broken: 1, no_show: 1, completed: 1 }, total: 3, summary: "3 left out: appointment broken (1), no-show (1), completed (1)" });
    expect(plan.variables.find((v) => v.name === "firstName")?.values).not.toContain("Diego");

    unwrap(await launchCampaign(ctx, campaign.id, TEST_WORKER));
    const recipients = unwrap(await listCampaignRecipients(ctx, campaign.id, { limit: 100, offset: 0 }));
    expect(recipients.total).toBe(6);
    expect(recipients.items.map((r) => r.name)).not.toContain("Diego Moreno");

    // A re-import that reschedules the broken appointment brings the patient back.
    unwrap(await importContactsCsv(ctx, { csv: 'Patient Name,Chart #,Appt Date,Appt Time,Status,Mobile Phone\n"Moreno, Diego",MO0003,05/07/2030,9:30 AM,Rescheduled,(303) 555-0113\n' }));
    const draft = unwrap(await createCampaign(ctx, { name: "Again", template: "Hi {{firstName}}, see you {{appointment.date}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER));
    const replanned = unwrap(await planCampaign(ctx, draft.id, TEST_WORKER));
    expect(replanned.leftOutByAppointment).toMatchObject({ byStatus: { no_show: 1, completed: 1 }, total: 2 });

    // A message about something else than an appointment still reaches everyone.
    const closed = unwrap(await createCampaign(ctx, { name: "Closed", template: "Hi {{firstName}}, the office is closed Monday.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER));
    const closedPlan = unwrap(await planCampaign(ctx, closed.id, TEST_WORKER));
    expect(closedPlan.recipients).toBe(9);
    expect(closedPlan.leftOutByAppointment).toEqual({ byStatus: {}, total: 0, summary: null });
  });

  it("refuses to launch a reminder when every recipient's appointment is cancelled, and keeps the draft as it was", async () => {
    const ctx = await createCtx(getDb());
    unwrap(await importContactsCsv(ctx, { csv: "Name,Phone,Appointment,Status\nAna Ruiz,512-555-0170,2030-06-01 10:00,Canceled\nBo Li,512-555-0171,2030-06-01 11:00,cancelled\n" }));
    const campaign = unwrap(await createCampaign(ctx, { name: "None", template: "Hi {{firstName}}, see you {{appointment.time}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER));
    expect(unwrap(await planCampaign(ctx, campaign.id, TEST_WORKER)).leftOutByAppointment.summary).toBe("2 left out: appointment cancelled (2)");
    const refused = await launchCampaign(ctx, campaign.id, TEST_WORKER);
    expect(refused.ok ? null : refused.error).toMatchObject({ code: "no_recipients", message: expect.stringContaining("cancelled") });
    const after = unwrap(await listCampaignRecipients(ctx, campaign.id, { limit: 10, offset: 0 }));
    expect(after.total).toBe(2);
  });

  it("leaves out a cancelled appointment in an appointment window even when the message does not speak of it", async () => {
    const ctx = await createCtx(getDb());
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    unwrap(await importContactsCsv(ctx, { csv: `Name,Phone,Appt Date,Appt Time,Status\nAna Ruiz,512-555-0172,${soon},10:00 AM,Canceled\nBo Li,512-555-0173,${soon},11:00 AM,Confirmed\n` }));
    const campaign = unwrap(
      await createCampaign(ctx, { name: "Window", template: "Hi {{firstName}}, please bring your card.", voice: "af_heart", speed: 1, recipients: { mode: "upcoming", window: { kind: "nextDays", days: 7 } } }, TEST_WORKER),
    );
    const plan = unwrap(await planCampaign(ctx, campaign.id, TEST_WORKER));
    expect(plan.recipients).toBe(1);
    expect(plan.leftOutByAppointment.summary).toBe("1 left out: appointment cancelled (1)");
  });

  it("keeps an unknown language as written and warns; a later file in Spanish updates it", async () => {
    const ctx = await createCtx(getDb());
    const report = unwrap(await importContactsCsv(ctx, { csv: "Patient ID,Name,Phone,Preferred Language\nL1,Ana Ruiz,512-555-0180,Klingon\nL2,Bo Li,512-555-0181,ENG\n" }));
    expect(report.warnings.map((w) => w.message)).toEqual(["Row 2: language 'Klingon' is not one we recognise; it was kept as written."]);
    unwrap(await importContactsCsv(ctx, { csv: "Patient ID,Name,Phone,Idioma\nL1,Ana Ruiz,512-555-0180,Español\n" }));
    const { items } = await listContacts(ctx, { limit: 10, offset: 0 });
    expect(Object.fromEntries(items.map((c) => [c.externalId, c.language]))).toEqual({ L1: "es", L2: "en" });
  });
});
