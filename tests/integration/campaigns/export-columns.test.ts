import { expect, it } from "vitest";
import { createCampaign, exportCampaignAudio, launchCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

describeEachDatabase("the campaign export for a dialer", (getDb) => {
  it("gives each call its appointment time with the offset of its time zone, and the zone", async () => {
    const { db } = getDb();
    const ctx: Ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental", timezone: "America/Chicago" }) };
    // 2030-01-15 20:30 UTC: 2:30 PM in Chicago (UTC-6 in January), 12:30 PM in Los Angeles (UTC-8).
    const startsAt = new Date("2030-01-15T20:30:00Z");
    await seedContacts(db, ctx.organization.id, [
      { firstName: "Maria", lastName: "Garcia", appointment: { startsAt } },
      { firstName: "John", lastName: "Smith", timezone: "America/Los_Angeles", appointment: { startsAt } },
      { firstName: "Ana", lastName: "Lopez" },
    ]);
    const created = await createCampaign(
      ctx,
      { name: "Reminders", template: 'Hi {{firstName}}, see you {{appointment.dateTime|"soon"}}.', voice: "af_heart", speed: 1, recipients: { mode: "all" } },
      TEST_WORKER,
    );
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);

    const exported = await exportCampaignAudio(ctx, created.value.id, "http://localhost:3000", { format: "json", profile: "generic" }, { key: Buffer.alloc(32, 1) });
    if (!exported.ok) throw new Error(exported.error.message);
    const rows = (JSON.parse(await new Response(exported.value.body).text()) as { recipients: Record<string, string>[] }).recipients;
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName["Maria Garcia"]).toMatchObject({ appointment_time: "2030-01-15T14:30:00-06:00", time_zone: "America/Chicago" });
    expect(byName["John Smith"]).toMatchObject({ appointment_time: "2030-01-15T12:30:00-08:00", time_zone: "America/Los_Angeles" });
    expect(byName["Ana Lopez"]).toMatchObject({ appointment_time: "", time_zone: "America/Chicago" });

    const csv = await exportCampaignAudio(ctx, created.value.id, "http://localhost:3000", { format: "csv", profile: "generic" }, { key: Buffer.alloc(32, 1) });
    if (!csv.ok) throw new Error(csv.error.message);
    const header = (await new Response(csv.value.body).text()).split("\r\n")[0]!;
    expect(header.split(",").slice(0, 6)).toEqual(["recipient_id", "external_id", "name", "phone", "appointment_time", "time_zone"]);
  });
});
