import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { campaignRecipients, messages } from "@/drizzle/schema";
import { createCampaign, findStaleAudio, launchCampaign, listCampaignRecipients, planCampaign, previewMessages, rerenderStaleAudio } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { importContactsCsv } from "@/lib/contacts";
import {
  createPronunciation,
  exportPronunciationsCsv,
  importPronunciationsCsv,
  listPronunciations,
  pronunciationPatchSchema,
  pronunciationSchema,
  updatePronunciation,
} from "@/lib/lexicon";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const WORKER = { ...TEST_WORKER, voices: [...TEST_WORKER.voices, "ef_dora"] };
const ENGLISH = "Hi {{firstName}} {{lastName}}, this is Bright Smile Dental. Please call us back.";
const SPANISH = "Hola {{firstName}} {{lastName}}, le habla Bright Smile Dental. Por favor, llámenos.";
const PATIENTS = [
  "Patient ID,First Name,Last Name,Phone,Preferred Language",
  "1,Ann,Nguyen,(512) 555-0150,English",
  "2,Lucía,Nguyen,(512) 555-0151,Spanish",
  "3,John,Smith,(512) 555-0152,English",
  "4,Mateo,Smith,(512) 555-0153,Spanish",
].join("\n");

describeEachDatabase("a pronunciation dictionary per language", (getDb) => {
  let ctx: Ctx;
  let campaignId: string;

  /** Each recipient's first name with the text and key of the message they hear. */
  async function heard(): Promise<Record<string, { text: string; key: string }>> {
    const rows = await ctx.db
      .select({ id: campaignRecipients.id, key: messages.key, text: messages.text })
      .from(campaignRecipients)
      .innerJoin(messages, eq(messages.key, campaignRecipients.messageKey))
      .where(eq(campaignRecipients.campaignId, campaignId));
    const listed = await listCampaignRecipients(ctx, campaignId);
    if (!listed.ok) throw new Error(listed.error.message);
    const nameOf = new Map(listed.value.items.map((r) => [r.id, r.name.split(" ")[0]!]));
    return Object.fromEntries(rows.map((r) => [nameOf.get(r.id), { text: r.text, key: r.key }]));
  }

  beforeAll(async () => {
    ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Bright Smile Dental", timezone: "America/Chicago" }) };
    const imported = await importContactsCsv(ctx, { csv: PATIENTS });
    if (!imported.ok) throw new Error(imported.error.message);
  });

  it("keeps one entry per word in each language, English when a caller gives none", async () => {
    expect(await createPronunciation(ctx, { term: "Nguyen", sayAs: "win" })).toMatchObject({ ok: true, value: { term: "Nguyen", sayAs: "win", language: "en" } });
    const spanish = await createPronunciation(ctx, pronunciationSchema.parse({ term: "Nguyen", sayAs: "güin", language: "es" }));
    expect(spanish).toMatchObject({ ok: true, value: { sayAs: "güin", language: "es" } });
    expect(await createPronunciation(ctx, { term: "NGUYEN", sayAs: "guen", language: "es" })).toMatchObject({
      ok: false,
      error: { code: "term_taken", message: expect.stringContaining("Spanish dictionary") },
    });
    expect((await listPronunciations(ctx)).map((e) => [e.term, e.language])).toEqual([["Nguyen", "en"], ["Nguyen", "es"]]);
    expect((await listPronunciations(ctx, { language: "es" })).map((e) => e.sayAs)).toEqual(["güin"]);
    expect(pronunciationSchema.parse({ term: "Nguyen", sayAs: "win" }).language).toBe("en");
    expect(pronunciationSchema.safeParse({ term: "Nguyen", sayAs: "win", language: "fr" }).success).toBe(false);
  });

  it("checks a Spanish respelling's letters, also on an edit that does not repeat the language", async () => {
    expect(pronunciationSchema.safeParse({ term: "Thompson", sayAs: "θompson", language: "es" })).toMatchObject({ success: false, error: { issues: [{ path: ["sayAs"] }] } });
    expect(pronunciationSchema.safeParse({ term: "Thompson", sayAs: "θompson", language: "en" }).success).toBe(true);
    const [spanish] = await listPronunciations(ctx, { language: "es" });
    const patch = pronunciationPatchSchema.parse({ term: "Nguyen", sayAs: "ŋwin" });
    expect(await updatePronunciation(ctx, spanish!.id, patch)).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    const kept = await updatePronunciation(ctx, spanish!.id, pronunciationPatchSchema.parse({ term: "Nguyen", sayAs: "güen" }));
    expect(kept).toMatchObject({ ok: true, value: { sayAs: "güen", language: "es" } });
    const back = await updatePronunciation(ctx, spanish!.id, { term: "Nguyen", sayAs: "güin", language: "es" });
    expect(back).toMatchObject({ ok: true, value: { sayAs: "güin" } });
  });

  it("exports the language and imports it back; a file without the column is English", async () => {
    const exported = await exportPronunciationsCsv(ctx);
    expect(exported.split("\r\n")).toEqual(["term,say_as,language", "Nguyen,win,en", "Nguyen,güin,es"]);
    expect(await importPronunciationsCsv(ctx, exported)).toMatchObject({ ok: true, value: { created: 0, updated: 2, errors: [] } });
    const old = await importPronunciationsCsv(ctx, "term,say_as\nSiobhan,shiv-awn\n");
    expect(old).toMatchObject({ ok: true, value: { created: 1 } });
    const bad = await importPronunciationsCsv(ctx, "term,say_as,language\nSiobhan,shivon,es\nSmith,smiz,de\nSmith,smiz,es\n");
    expect(bad).toMatchObject({ ok: true, value: { created: 2, errors: [{ row: 3, message: expect.stringMatching(/^language "de"/) }] } });
    expect((await listPronunciations(ctx, { language: "en" })).map((e) => e.term)).toEqual(["Nguyen", "Siobhan"]);
  });

  it("says the same word with each language's own respelling", async () => {
    const created = await createCampaign(
      ctx,
      { name: "Call us", template: ENGLISH, voice: "af_heart", speed: 1, recipients: { mode: "all" }, versions: [{ language: "es", template: SPANISH, voice: "ef_dora" }] },
      WORKER,
    );
    if (!created.ok) throw new Error(created.error.message);
    campaignId = created.value.id;
    const plan = await planCampaign(ctx, campaignId, WORKER);
    if (!plan.ok) throw new Error(plan.error.message);
    expect(plan.value.pronunciations.map((p) => [p.term, p.sayAs, p.language, p.recipients]).sort()).toEqual([
      ["Nguyen", "güin", "es", 1],
      ["Nguyen", "win", "en", 1],
      ["Smith", "smiz", "es", 1],
    ]);
    const launched = await launchCampaign(ctx, campaignId, WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
    const by = await heard();
    expect(by["Ann"]!.text).toBe("Hi Ann win, this is Bright Smile Dental. Please call us back.");
    expect(by["Lucía"]!.text).toBe("Hola Lucía güin, le habla Bright Smile Dental. Por favor, llámenos.");
    expect(by["John"]!.text).toMatch(/^Hi John Smith,/);
    expect(by["Mateo"]!.text).toMatch(/^Hola Mateo smiz,/);
    const preview = await previewMessages(ctx, { template: SPANISH, campaignId, language: "es", campaignLanguages: ["en", "es"], limit: 4 });
    if (!preview.ok) throw new Error(preview.error.message);
    expect(preview.value.find((p) => p.name === "Lucía Nguyen")?.spoken).toMatch(/^Hola Lucía güin,/);
  });

  it("a Spanish entry's change makes only the Spanish messages stale, and a re-render leaves the English ones as they are", async () => {
    const before = await heard();
    const created = await createPronunciation(ctx, { term: "Bright Smile", sayAs: "Brait Esmail", language: "es" });
    if (!created.ok) throw new Error(created.error.message);
    const stale = await findStaleAudio(ctx, campaignId);
    expect(stale).toMatchObject({ ok: true, value: { stale: 2, causes: { values: 0, pronunciation: 2 } } });
    expect(stale.ok && stale.value.recipients.map((r) => r.name).sort()).toEqual(["Lucía Nguyen", "Mateo Smith"]);
    expect(await rerenderStaleAudio(ctx, campaignId)).toMatchObject({ ok: true, value: { rerendered: 2 } });
    const after = await heard();
    expect(after["Lucía"]!.text).toBe("Hola Lucía güin, le habla Brait Esmail Dental. Por favor, llámenos.");
    expect(after["Ann"]!.key).toBe(before["Ann"]!.key);
    expect(after["John"]!.key).toBe(before["John"]!.key);
    expect(after["Mateo"]!.key).not.toBe(before["Mateo"]!.key);
  });
});
