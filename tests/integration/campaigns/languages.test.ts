import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { campaignRecipients, messageSegments, messages, segments } from "@/drizzle/schema";
import { createCampaign, launchCampaign, listCampaignRecipients, planCampaign, previewMessages, updateDraftCampaign, type CreateCampaignInput } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { importContactsCsv } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const WORKER = { ...TEST_WORKER, voices: [...TEST_WORKER.voices, "ef_dora", "em_alex"] };
const ENGLISH = "Hi {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}}.";
const SPANISH = "Hola {{firstName}}, su cita es el {{appointment.date}} a las {{appointment.time}}.";
const PATIENTS = [
  "Patient ID,First Name,Last Name,Phone,Appointment,Preferred Language",
  "1,Lucía,Reyes,(512) 555-0140,2030-03-05 14:30,Spanish",
  "2,John,Smith,(512) 555-0141,2030-03-05 09:00,English",
  "3,Pierre,Dubois,(512) 555-0142,2030-03-05 10:00,French",
  "4,Ann,Lee,(512) 555-0143,2030-03-05 11:00,",
].join("\n");

const input = (overrides: Partial<CreateCampaignInput> = {}): CreateCampaignInput => ({
  name: "Reminders",
  template: ENGLISH,
  voice: "af_heart",
  speed: 1,
  recipients: { mode: "all" },
  versions: [{ language: "es", template: SPANISH, voice: "ef_dora" }],
  ...overrides,
});

describeEachDatabase("a reminder in each patient's language", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    const organization = await createOrganization(getDb().db, { name: "Clínica Sol", timezone: "America/Chicago" });
    ctx = { db: getDb().db, organization };
    const imported = await importContactsCsv(ctx, { csv: PATIENTS });
    if (!imported.ok) throw new Error(imported.error.message);
  });

  it("refuses a voice that speaks another language than its version", async () => {
    const spanishInEnglish = await createCampaign(ctx, input({ voice: "ef_dora" }), WORKER);
    expect(spanishInEnglish).toMatchObject({ ok: false, error: { code: "voice_language_mismatch", message: expect.stringMatching(/ef_dora.*Spanish.*not English/) } });
    const englishInSpanish = await createCampaign(ctx, input({ versions: [{ language: "es", template: SPANISH, voice: "af_heart" }] }), WORKER);
    expect(englishInSpanish).toMatchObject({ ok: false, error: { code: "voice_language_mismatch", message: expect.stringMatching(/Pick a Spanish voice: ef_dora, em_alex/) } });
    const badSpanish = await createCampaign(ctx, input({ versions: [{ language: "es", template: "Hola {{firstName", voice: "ef_dora" }] }), WORKER);
    expect(badSpanish).toMatchObject({ ok: false, error: { code: "template_invalid", message: expect.stringMatching(/^The Spanish version: /) } });
  });

  it("plans each patient in the version of their language, and counts who has none", async () => {
    const created = await createCampaign(ctx, input(), WORKER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ language: "en", versions: [{ language: "es", voice: "ef_dora" }] });
    const plan = await planCampaign(ctx, created.value.id, WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(Object.fromEntries(plan.value.languages.map((l) => [l.language, l.recipients]))).toEqual({ en: 3, es: 1 });
    // Pierre prefers French: the message has no French version, so he hears English.
    expect(plan.value.withoutOwnLanguage).toBe(1);
  });

  it("launches Spanish messages with Spanish dates and times, said by the Spanish voice", async () => {
    const created = await createCampaign(ctx, input(), WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const launched = await launchCampaign(ctx, created.value.id, WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    const rows = await ctx.db
      .select({ id: campaignRecipients.id, key: messages.key, text: messages.text })
      .from(campaignRecipients)
      .innerJoin(messages, eq(messages.key, campaignRecipients.messageKey))
      .where(eq(campaignRecipients.campaignId, created.value.id));
    const listed = await listCampaignRecipients(ctx, created.value.id);
    if (!listed.ok) throw new Error("no recipients");
    const nameOf = new Map(listed.value.items.map((r) => [r.id, r.name.split(" ")[0]!]));
    const byName = Object.fromEntries(rows.map((r) => [nameOf.get(r.id), r]));
    expect(byName["Lucía"]!.text).toBe("Hola Lucía, su cita es el martes cinco de marzo a las dos y media de la tarde.");
    expect(byName["John"]!.text).toMatch(/^Hi John, your appointment is on Tuesday, March fifth at nine AM\.$/);
    expect(byName["Pierre"]!.text).toMatch(/^Hi Pierre, your appointment/);
    const voicesOf = async (messageKey: string) =>
      (await ctx.db.select({ voice: segments.voice }).from(messageSegments).innerJoin(segments, eq(segments.key, messageSegments.segmentKey)).where(eq(messageSegments.messageKey, messageKey))).map((r) => r.voice);
    expect(await voicesOf(byName["Lucía"]!.key)).toEqual(["ef_dora"]);
    expect(await voicesOf(byName["John"]!.key)).toEqual(["af_heart"]);
  });

  it("previews a version in its language and says who hears another one, and why", async () => {
    const preview = await previewMessages(ctx, { template: SPANISH, language: "es", campaignLanguages: ["en", "es"], limit: 10 });
    if (!preview.ok) throw new Error(preview.error.message);
    const byName = Object.fromEntries(preview.value.map((p) => [p.name.split(" ")[0], p]));
    expect(byName["Lucía"]).toMatchObject({ language: "es", languageNote: null, merged: expect.stringContaining("martes 5 de marzo") });
    expect(byName["John"]?.languageNote).toBe("Hears the English version.");
    expect(byName["Pierre"]?.languageNote).toBe("Prefers French; the message has no French version, so they hear English.");
  });

  it("lets a draft gain or drop a version, checked like a new one", async () => {
    const created = await createCampaign(ctx, input({ versions: [] }), WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const wrong = await updateDraftCampaign(ctx, created.value.id, { versions: [{ language: "es", template: SPANISH, voice: "am_adam" }] }, WORKER);
    expect(wrong).toMatchObject({ ok: false, error: { code: "voice_language_mismatch" } });
    const added = await updateDraftCampaign(ctx, created.value.id, { versions: [{ language: "es", template: SPANISH, voice: "em_alex" }] }, WORKER);
    expect(added).toMatchObject({ ok: true, value: { versions: [{ language: "es", voice: "em_alex" }] } });
  });
});
