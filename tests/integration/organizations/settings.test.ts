import { expect, it } from "vitest";
import { importContactsCsv } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { createOrganization, getOrganization, organizationSettingsSchema, updateOrganizationSettings } from "@/lib/organizations";
import { starterMessage } from "@/lib/campaigns";
import { describeEachDatabase } from "../../helpers/test-db";

const owner = { id: "owner", email: "owner@example.test", name: "Owner", role: "owner" as const };
const staff = { ...owner, id: "staff", email: "staff@example.test", role: "staff" as const };
const admin = { ...owner, id: "admin", email: "admin@example.test", role: "admin" as const };

const PARIS = { name: "Cabinet Dentaire Martin", timezone: "Europe/Paris", phoneCountry: "FR", callbackNumber: "01 42 68 53 00", phoneSystem: "asterisk" };

describeEachDatabase("organisation settings", (getDb) => {
  it("the owner sets name, time zone, phone country, callback number and phone system; the callback number is kept in E.164", async () => {
    const { db } = getDb();
    const organization = await createOrganization(db, { name: "Old name" });
    const updated = await updateOrganizationSettings({ db, organization, user: owner }, organizationSettingsSchema.parse(PARIS));
    expect(updated).toEqual({
      ok: true,
      value: { id: organization.id, name: "Cabinet Dentaire Martin", timezone: "Europe/Paris", phoneCountry: "FR", callbackNumber: "+33142685300", phoneSystem: "asterisk", defaultLanguage: "en" },
    });
    expect(await getOrganization(db, organization.id)).toEqual(updated.ok && updated.value);
  });

  it("staff may not change the settings, and nothing changes; an admin may", async () => {
    const { db } = getDb();
    const organization = await createOrganization(db, { name: "Kept" });
    const result = await updateOrganizationSettings({ db, organization, user: staff }, organizationSettingsSchema.parse(PARIS));
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await getOrganization(db, organization.id))?.name).toBe("Kept");
    expect(await updateOrganizationSettings({ db, organization, user: admin }, organizationSettingsSchema.parse(PARIS))).toMatchObject({ ok: true });
    expect((await getOrganization(db, organization.id))?.name).toBe(PARIS.name);
  });

  it("changes only the caller's organisation", async () => {
    const { db } = getDb();
    const a = await createOrganization(db, { name: "A" });
    const b = await createOrganization(db, { name: "B" });
    await updateOrganizationSettings({ db, organization: b, user: owner }, organizationSettingsSchema.parse(PARIS));
    expect(await getOrganization(db, a.id)).toEqual(a);
  });

  it.each([
    [{ ...PARIS, timezone: "Mars/Olympus" }, "timezone", /not a time zone/],
    [{ ...PARIS, phoneCountry: "XX" }, "phoneCountry", /Pick a country/],
    [{ ...PARIS, phoneSystem: "nokia" }, "phoneSystem", /Pick one of/],
    [{ ...PARIS, callbackNumber: "06 12" }, "callbackNumber", /too short for a France phone number/],
    [{ ...PARIS, name: " " }, "name", /Enter your organisation's name/],
  ])("refuses bad settings with the field and the reason (%#)", (input, field, message) => {
    const parsed = organizationSettingsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.find((i) => i.path[0] === field)?.message).toMatch(message);
  });

  it("after the settings change, a French national number imports in France and the starter message names the clinic and its callback number", async () => {
    const { db } = getDb();
    const organization = await createOrganization(db, { name: "Before" });
    const updated = await updateOrganizationSettings({ db, organization, user: owner }, organizationSettingsSchema.parse(PARIS));
    if (!updated.ok) throw new Error(updated.error.message);
    const ctx: Ctx = { db, organization: updated.value };
    const report = await importContactsCsv(ctx, { csv: "Name,Phone\nAmélie Martin,06 12 34 56 78\n" });
    expect(report).toMatchObject({ ok: true, value: { created: 1, failed: 0 } });
    expect(starterMessage(updated.value).template).toBe(
      "Hi {{firstName|there}}, this is Cabinet Dentaire Martin. This is a reminder of your appointment on {{appointment.date}} at {{appointment.time}}. If you need to change it, please call us at 01 42 68 53 00.",
    );
  });
});
