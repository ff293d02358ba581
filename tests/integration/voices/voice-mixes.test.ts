import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { campaignSegments, campaigns } from "@/drizzle/schema";
import type { Db } from "@/lib/db";
import { createCampaign, createCampaignSchema, getCampaignDetail, launchCampaign } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { createVoiceMix, createVoiceMixSchema, deleteVoiceMix, listVoiceMixes, renameVoiceMix, renameVoiceMixSchema } from "@/lib/voices";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const mix = (name: string, voice: string) => createVoiceMixSchema.parse({ name, voice });

const segmentKeys = async (db: Db, campaignId: string) =>
  (await db.select({ key: campaignSegments.segmentKey }).from(campaignSegments).where(eq(campaignSegments.campaignId, campaignId))).map((r) => r.key).sort();

async function launchWithVoice(ctx: Ctx, voice: string): Promise<string> {
  const input = createCampaignSchema.parse({ name: "Mixed", template: "Hi {{firstName}}. See you soon.", voice, speed: 1, recipients: { mode: "all" } });
  const created = await createCampaign(ctx, input, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  const launched = await launchCampaign(ctx, created.value.id, TEST_WORKER);
  if (!launched.ok) throw new Error(launched.error.message);
  return created.value.id;
}

describeEachDatabase("saved voice mixes", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    const { db } = getDb();
    ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
    await seedContacts(db, ctx.organization.id, [{ firstName: "Maria", phone: "+12025550101" }]);
  });

  it("saves, lists by name, renames and deletes a mix", async () => {
    const created = await createVoiceMix(ctx, mix("House voice", " af_heart(2) + af_bella(1) "), TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ name: "House voice", voice: "af_heart(2)+af_bella(1)" });
    const second = await createVoiceMix(ctx, mix("Calm", "am_adam"), TEST_WORKER);
    expect(second.ok).toBe(true);
    expect((await listVoiceMixes(ctx)).map((m) => m.name)).toEqual(["Calm", "House voice"]);

    const renamed = await renameVoiceMix(ctx, created.value.id, renameVoiceMixSchema.parse({ name: "Front desk" }));
    expect(renamed).toMatchObject({ ok: true, value: { name: "Front desk", voice: "af_heart(2)+af_bella(1)" } });
    expect(await deleteVoiceMix(ctx, created.value.id)).toEqual({ ok: true, value: { deleted: created.value.id } });
    expect((await listVoiceMixes(ctx)).map((m) => m.name)).toEqual(["Calm"]);
    expect(await deleteVoiceMix(ctx, created.value.id)).toMatchObject({ ok: false, error: { code: "voice_mix_not_found" } });
  });

  it("refuses a second mix of the same name in any letter case, on create and on rename", async () => {
    const first = await createVoiceMix(ctx, mix("Evening", "af_bella"), TEST_WORKER);
    const other = await createVoiceMix(ctx, mix("Morning", "af_heart"), TEST_WORKER);
    if (!first.ok || !other.ok) throw new Error("setup failed");
    expect(await createVoiceMix(ctx, mix("evening", "af_heart"), TEST_WORKER)).toMatchObject({ ok: false, error: { code: "voice_mix_name_taken" } });
    expect(await renameVoiceMix(ctx, other.value.id, { name: "EVENING" })).toMatchObject({ ok: false, error: { code: "voice_mix_name_taken" } });
    // Renaming a mix to its own name (another case) is fine.
    expect(await renameVoiceMix(ctx, first.value.id, { name: "evening" })).toMatchObject({ ok: true, value: { name: "evening" } });
  });

  it("saves of one name at once store one mix, and the others are told the name is taken", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createVoiceMix(ctx, mix(i % 2 ? "Twin" : "twin", "af_heart"), TEST_WORKER)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === "voice_mix_name_taken")).toHaveLength(7);
  });

  it("names the voices of a mix the worker does not offer, and saves nothing", async () => {
    const result = await createVoiceMix(ctx, mix("Typo", "af_heart(2)+af_belle(1)"), TEST_WORKER);
    expect(result).toMatchObject({ ok: false, error: { code: "unknown_voice" } });
    expect(!result.ok && result.error.message).toContain('"af_belle" is not a voice this worker offers');
    expect((await listVoiceMixes(ctx)).some((m) => m.name === "Typo")).toBe(false);
  });

  it("refuses mix strings the worker's parser refuses, with its message", () => {
    const issue = (voice: string) => createVoiceMixSchema.safeParse({ name: "x", voice }).error?.issues[0]?.message;
    expect(issue("af_heart(0)+af_bella")).toBe("the weight of af_heart in the voice mix must be above 0");
    expect(issue("af_heart+af_bella+am_adam+am_echo+am_eric+am_liam")).toBe("a voice mix may blend at most 5 voices");
    expect(issue("af_heart(2)+")).toMatch(/^voice must be a voice id such as af_heart/);
    expect(issue("<script>")).toMatch(/^voice must be a voice id/);
    expect(issue("a".repeat(300))).toBe("A voice is at most 256 characters");
    expect(createVoiceMixSchema.safeParse({ name: " ", voice: "af_heart" }).error?.issues[0]?.message).toBe("Give the mix a name");
  });

  it("a campaign keeps the mix string: renaming or deleting the saved mix leaves its voice and segment keys alone", async () => {
    const saved = await createVoiceMix(ctx, mix("Reception", "af_heart(2)+af_bella(1)"), TEST_WORKER);
    if (!saved.ok) throw new Error(saved.error.message);
    const id = await launchWithVoice(ctx, saved.value.voice);
    const keysBefore = await segmentKeys(ctx.db, id);
    expect(keysBefore.length).toBeGreaterThan(0);

    await renameVoiceMix(ctx, saved.value.id, { name: "Reception (old)" });
    await deleteVoiceMix(ctx, saved.value.id);
    expect(await getCampaignDetail(ctx, id)).toMatchObject({ ok: true, value: { voice: "af_heart(2)+af_bella(1)" } });
    expect(await segmentKeys(ctx.db, id)).toEqual(keysBefore);
    const [row] = await ctx.db.select({ voice: campaigns.voice }).from(campaigns).where(eq(campaigns.id, id));
    expect(row!.voice).toBe("af_heart(2)+af_bella(1)");
  });

  it("segments are keyed by the mix: the same blend spelled otherwise shares them, another blend does not", async () => {
    const reference = await segmentKeys(ctx.db, await launchWithVoice(ctx, "af_heart(2)+af_bella(1)"));
    expect(await segmentKeys(ctx.db, await launchWithVoice(ctx, "af_bella(1) + af_heart(2)"))).toEqual(reference);
    const other = await segmentKeys(ctx.db, await launchWithVoice(ctx, "af_heart(1)+af_bella(1)"));
    expect(other.some((key) => reference.includes(key))).toBe(false);
    const single = await segmentKeys(ctx.db, await launchWithVoice(ctx, "af_heart"));
    expect(single.some((key) => reference.includes(key))).toBe(false);
  });

  it("a campaign whose mix names a voice the worker lacks is refused with that voice's name", async () => {
    const input = createCampaignSchema.parse({ name: "Bad mix", template: "Hi.", voice: "af_heart(1)+zz_nobody(1)", speed: 1, recipients: { mode: "all" } });
    const created = await createCampaign(ctx, input, TEST_WORKER);
    expect(created).toMatchObject({ ok: false, error: { code: "unknown_voice" } });
    expect(!created.ok && created.error.message).toContain('"zz_nobody"');
  });
});
