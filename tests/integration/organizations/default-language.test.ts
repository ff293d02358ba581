import { beforeAll, expect, it } from "vitest";
import { createCampaign, planCampaign, previewMessages } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { importContactsCsv } from "@/lib/contacts";
import { createOrganization, organizationLanguageSchema, setDefaultLanguage } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const WORKER = { ...TEST_WORKER, voices: [...TEST_WORKER.voices, "ef_dora"] };
const PATIENTS = ["Patient ID,First Name,Last Name,Phone,Preferred Language", "1,Ann,Lee,(512) 555-0160,", "2,John,Smith,(512) 555-0161,English", "3,Lucía,Reyes,(512) 555-0162,Spanish"].join("\n");

describeEachDatabase("the organisation's default language", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Clínica Sol" }) };
    const imported = await importContactsCsv(ctx, { csv: PATIENTS });
    if (!imported.ok) throw new Error(imported.error.message);
  });

  it("is English until an admin picks Spanish; staff cannot change it, and only a spoken language is accepted", async () => {
    expect(ctx.organization.defaultLanguage).toBe("en");
    const staff = { ...ctx, user: { id: "u1", email: "s@x.test", name: "S", role: "staff" as const } };
    expect(await setDefaultLanguage(staff, "es")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(organizationLanguageSchema.safeParse({ defaultLanguage: "fr" }).success).toBe(false);
    const admin = { ...ctx, user: { id: "u2", email: "a@x.test", name: "A", role: "admin" as const } };
    const changed = await setDefaultLanguage(admin, organizationLanguageSchema.parse({ defaultLanguage: "ES" }).defaultLanguage);
    expect(changed).toMatchObject({ ok: true, value: { defaultLanguage: "es", languages: [{ code: "en", name: "English" }, { code: "es", name: "Spanish" }] } });
    if (changed.ok) ctx = { ...ctx, organization: changed.value };
  });

  it("starts a new campaign in it", async () => {
    const created = await createCampaign(ctx, { name: "Recordatorio", template: "Hola {{firstName}}.", voice: "ef_dora", speed: 1, recipients: { mode: "all" } }, WORKER);
    expect(created).toMatchObject({ ok: true, value: { language: "es" } });
  });

  it("gives a contact without a preferred language the version in it, and the preview says so", async () => {
    const created = await createCampaign(
      ctx,
      { name: "Both", template: "Hi {{firstName}}.", language: "en", voice: "af_heart", speed: 1, recipients: { mode: "all" }, versions: [{ language: "es", template: "Hola {{firstName}}.", voice: "ef_dora" }] },
      WORKER,
    );
    if (!created.ok) throw new Error(created.error.message);
    const plan = await planCampaign(ctx, created.value.id, WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(Object.fromEntries(plan.value.languages.map((l) => [l.language, l.recipients]))).toEqual({ en: 1, es: 2 });
    expect(plan.value.withoutOwnLanguage).toBe(0);
    const preview = await previewMessages(ctx, { template: "Hi {{firstName}}.", campaignId: created.value.id, language: "en", campaignLanguages: ["en", "es"], limit: 3 });
    if (!preview.ok) throw new Error(preview.error.message);
    const ann = preview.value.find((p) => p.name === "Ann Lee");
    expect(ann?.languageNote).toBe("No preferred language, so they hear Spanish, the organisation's default.");
    expect(preview.value.find((p) => p.name === "John Smith")?.languageNote).toBeNull();
  });
});
