import { and, asc, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { appointments, contactImports, contacts } from "@/drizzle/schema";
import type { Ctx } from "@/lib/context";
import { importContactsCsv } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { mergeTemplate, parseTemplate } from "@/lib/templates";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Family clinic", timezone: "America/New_York" });
  return { db: database.db, organization };
}

async function importOk(ctx: Ctx, lines: string[]) {
  const result = await importContactsCsv(ctx, { csv: lines.join("\n"), fileName: "export.csv" });
  if (!result.ok) throw new Error(`import failed: ${result.error.message}`);
  return result.value;
}

/** Every contact of the organisation with its appointments, by name. */
async function listPeople(ctx: Ctx) {
  const rows = await ctx.db
    .select({ id: contacts.id, externalId: contacts.externalId, firstName: contacts.firstName, lastName: contacts.lastName, phone: contacts.phone, timezone: contacts.timezone })
    .from(contacts)
    .where(eq(contacts.organizationId, ctx.organization.id))
    .orderBy(asc(contacts.firstName));
  const out = [];
  for (const row of rows) {
    const appts = await ctx.db.select({ startsAt: appointments.startsAt }).from(appointments).where(eq(appointments.contactId, row.id)).orderBy(asc(appointments.startsAt));
    out.push({ ...row, appointments: appts.map((a) => a.startsAt.toISOString()) });
  }
  return out;
}

const spokenTime = parseTemplate("{{appointment.time}}");

/** The appointment time as a message would say it to this contact. */
function sayTime(ctx: Ctx, person: { timezone: string | null; appointments: string[] }): string {
  if (!spokenTime.ok) throw new Error("template");
  const startsAt = person.appointments[0];
  if (!startsAt) throw new Error("no appointment");
  return mergeTemplate(spokenTime.value, {
    contact: { firstName: null, lastName: null, phone: null, email: null, timezone: person.timezone, attributes: {} },
    appointment: { startsAt: new Date(startsAt), provider: null, location: null },
    defaultTimezone: ctx.organization.timezone,
  });
}

describeEachDatabase("contact identity on import", (getDb) => {
  it("keeps two children with different patient IDs on a parent's phone as two contacts, each with their own appointment", async () => {
    const ctx = await createCtx(getDb());
    const file = [
      "Patient ID,First Name,Last Name,Phone,Appointment Date,Appointment Time",
      "1001,Lucia,Reyes,(512) 555-0140,2030-01-15,9:00 AM",
      "1002,Mateo,Reyes,(512) 555-0140,2030-01-15,9:30 AM",
    ];
    const report = await importOk(ctx, file);
    expect(report).toMatchObject({ created: 2, updated: 0, failed: 0, warnings: [], changes: [] });
    const expected = [
      { externalId: "1001", firstName: "Lucia", phone: "+15125550140", appointments: ["2030-01-15T14:00:00.000Z"] },
      { externalId: "1002", firstName: "Mateo", phone: "+15125550140", appointments: ["2030-01-15T14:30:00.000Z"] },
    ];
    expect(await listPeople(ctx)).toMatchObject(expected);

    // The same export again changes nobody and adds nobody.
    const again = await importOk(ctx, file);
    expect(again).toMatchObject({ created: 0, updated: 2, failed: 0, changes: [] });
    expect(await listPeople(ctx)).toMatchObject(expected);
  });

  it.each([
    ["without ID columns", "First Name,Last Name,Phone,Appointment", "Jürgen,Müller,+49 30 1234567,2030-01-15 10:00", "Anna,Schmidt,+49 30 1234567,2030-01-20 11:00"],
    ["with different patient IDs", "PatNum,First Name,Last Name,Phone,Appointment", "77,Jürgen,Müller,+49 30 1234567,2030-01-15 10:00", "78,Anna,Schmidt,+49 30 1234567,2030-01-20 11:00"],
  ])("never lets Anna Schmidt on Jürgen Müller's number rename him or delete his appointment (%s)", async (_label, header, jurgen, anna) => {
    const ctx = await createCtx(getDb());
    await importOk(ctx, [header, jurgen]);
    const before = await listPeople(ctx);

    const report = await importOk(ctx, [header, anna]);
    expect(report).toMatchObject({ created: 1, updated: 0, failed: 0, changes: [], rescheduledContactIds: [] });
    expect(report.warnings).toEqual([{ row: 2, message: expect.stringMatching(/^Row 2: Anna Schmidt .*shares phone \+49301234567 with Jürgen Müller.*; saved as a separate contact\.$/) }]);
    const after = await listPeople(ctx);
    expect(after.map((p) => [p.firstName, p.lastName, p.appointments])).toEqual([
      ["Anna", "Schmidt", [new Date("2030-01-20T16:00:00Z").toISOString()]],
      ["Jürgen", "Müller", before[0]?.appointments],
    ]);
  });

  it("says, row by row, when a patient ID's name changes, and keeps that in the import's record", async () => {
    const ctx = await createCtx(getDb());
    await importOk(ctx, ["Chart Number,First Name,Last Name,Phone", "C-7,Jürgen,Müller,+49 30 1234567"]);
    const report = await importOk(ctx, ["Chart Number,First Name,Last Name,Phone", "C-7,Anna,Schmidt,+49 30 1234567"]);
    const [person] = await listPeople(ctx);
    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect(report.changes).toEqual([
      { row: 2, contactId: person?.id, field: "name", from: "Jürgen Müller", to: "Anna Schmidt", message: "Row 2: name changed from Jürgen Müller to Anna Schmidt." },
    ]);
    const [record] = await ctx.db
      .select({ changes: contactImports.changes })
      .from(contactImports)
      .where(and(eq(contactImports.organizationId, ctx.organization.id), eq(contactImports.id, report.importId)));
    expect(record?.changes).toEqual(report.changes);
  });

  it("speaks a re-imported 10:00 AM as ten, and says so when a row moves the patient to another time zone", async () => {
    const ctx = await createCtx(getDb());
    await importOk(ctx, ["Patient ID,First Name,Last Name,Phone,Time Zone,Appointment", "P-9,Jürgen,Müller,+49 30 1234567,Europe/Berlin,2030-01-15 10:00"]);
    expect(sayTime(ctx, (await listPeople(ctx))[0]!)).toBe("10:00 AM");

    // A later export without a time zone column: he keeps Europe/Berlin, and the file's 10:00 is read there.
    const kept = await importOk(ctx, ["Patient ID,First Name,Last Name,Phone,Appointment", "P-9,Jürgen,Müller,+49 30 1234567,2030-01-15 10:00"]);
    expect(kept).toMatchObject({ updated: 1, changes: [], rescheduledContactIds: [] });
    let [jurgen] = await listPeople(ctx);
    expect(jurgen).toMatchObject({ timezone: "Europe/Berlin", appointments: ["2030-01-15T09:00:00.000Z"] });
    expect(sayTime(ctx, jurgen!)).toBe("10:00 AM");

    // A row that names another zone moves him there, and the report says so for that row.
    const moved = await importOk(ctx, [
      "Patient ID,First Name,Last Name,Phone,Time Zone,Appointment",
      "P-1,Lena,Vogel,+49 30 7654321,Europe/Berlin,2030-01-16 10:00",
      "P-9,Jürgen,Müller,+49 30 1234567,America/New_York,2030-01-15 10:00",
    ]);
    [jurgen] = await listPeople(ctx);
    expect(moved.changes).toEqual([
      {
        row: 3,
        contactId: jurgen?.id,
        field: "timezone",
        from: "Europe/Berlin",
        to: "America/New_York",
        message: "Row 3: time zone changed from Europe/Berlin to America/New_York; appointment times are now spoken in America/New_York.",
      },
    ]);
    expect(jurgen).toMatchObject({ timezone: "America/New_York", appointments: ["2030-01-15T15:00:00.000Z"] });
    expect(sayTime(ctx, jurgen!)).toBe("10:00 AM");
  });

  it("matches a row without an ID on name and phone, and refuses a phone-only row that could be either of two family members", async () => {
    const ctx = await createCtx(getDb());
    await importOk(ctx, ["Name,Phone,Appointment", "Lucia Reyes,512-555-0140,2030-01-15 09:00", "Mateo Reyes,512-555-0140,2030-01-15 09:30"]);
    const byName = await importOk(ctx, ["Name,Phone,Appointment", "MATEO reyes,512-555-0140,2030-01-15 10:30"]);
    expect(byName).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const people = await listPeople(ctx);
    expect(people.map((p) => [p.firstName, p.appointments])).toEqual([
      ["Lucia", ["2030-01-15T14:00:00.000Z"]],
      ["MATEO", ["2030-01-15T15:30:00.000Z"]],
    ]);

    const phoneOnly = await importContactsCsv(ctx, { csv: "Phone,Appointment\n512-555-0140,2030-01-16 09:00\n" });
    expect(phoneOnly.ok).toBe(false);
    if (!phoneOnly.ok) expect(phoneOnly.error.message).toContain("phone +15125550140 belongs to 2 saved contacts (Lucia Reyes; MATEO reyes); add a name or Patient ID column");
    expect(await listPeople(ctx)).toEqual(people);
  });

  it("gives a saved contact without an ID the ID of the row with its name and phone", async () => {
    const ctx = await createCtx(getDb());
    await importOk(ctx, ["Name,Phone", "Lucia Reyes,512-555-0140"]);
    const report = await importOk(ctx, ["MRN,Name,Phone", "M-1,Lucia Reyes,512-555-0140", "M-2,Mateo Reyes,512-555-0140"]);
    expect(report).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect((await listPeople(ctx)).map((p) => [p.externalId, p.firstName])).toEqual([["M-1", "Lucia"], ["M-2", "Mateo"]]);
  });
});
