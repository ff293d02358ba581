import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { countContacts, createContactList, importContactsCsv, listContactLists, MAX_LISTS_PER_ORGANIZATION } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { createVoiceMix, listVoiceMixes, MAX_VOICE_MIXES } from "@/lib/voices";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Many lists clinic", timezone: "America/New_York" });
  return { db: database.db, organization };
}

/** Fills the organisation up to `count` lists (or mixes) in one statement, as many requests would have. */
async function insertLists(ctx: Ctx, count: number): Promise<void> {
  await ctx.db.execute(sql`insert into contact_lists (organization_id, name) select ${ctx.organization.id}, 'List ' || lpad(g::text, 5, '0') from generate_series(1, ${count}) g`);
}

async function insertMixes(ctx: Ctx, count: number): Promise<void> {
  await ctx.db.execute(sql`insert into voice_mixes (organization_id, name, voice) select ${ctx.organization.id}, 'Mix ' || g, 'af_heart' from generate_series(1, ${count}) g`);
}

async function countLists(ctx: Ctx): Promise<number> {
  const result = await ctx.db.execute(sql`select count(*)::int as n from contact_lists where organization_id = ${ctx.organization.id}`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

describeEachDatabase("lists and saved mixes an organisation can grow are bounded", (getDb) => {
  it("refuses a contact list past the limit with its own error, and every list stays listed", async () => {
    const ctx = await createCtx(getDb());
    await insertLists(ctx, MAX_LISTS_PER_ORGANIZATION - 1);
    const last = await createContactList(ctx, "Zebra");
    expect(last.ok).toBe(true);
    const refused = await createContactList(ctx, "Zulu");
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: "too_many_lists", message: expect.stringContaining("at most 1,000 contact lists") });
    expect(await countLists(ctx)).toBe(MAX_LISTS_PER_ORGANIZATION);
    const shown = await listContactLists(ctx);
    expect(shown).toHaveLength(MAX_LISTS_PER_ORGANIZATION);
    expect(shown.at(-1)?.name).toBe("Zebra");
  });

  it("refuses an import into a new list past the limit before writing anything, and imports into an existing one", async () => {
    const ctx = await createCtx(getDb());
    await insertLists(ctx, MAX_LISTS_PER_ORGANIZATION);
    const csv = "Phone,First Name\n+15125550100,Maria";
    const refused = await importContactsCsv(ctx, { csv, listName: "A brand new list" });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatchObject({ code: "csv_invalid", message: expect.stringContaining("Nothing was imported") });
    expect(await countContacts(ctx)).toBe(0);
    expect(await countLists(ctx)).toBe(MAX_LISTS_PER_ORGANIZATION);

    const into = await importContactsCsv(ctx, { csv, listName: "List 00001" });
    expect(into.ok && into.value.list).toMatchObject({ name: "List 00001", added: 1 });
  });

  it("refuses a saved voice mix past the limit, and lists every one it kept", async () => {
    const ctx = await createCtx(getDb());
    await insertMixes(ctx, MAX_VOICE_MIXES - 1);
    expect((await createVoiceMix(ctx, { name: "Last one", voice: "af_heart(2)+af_bella(1)" }, TEST_WORKER)).ok).toBe(true);
    const refused = await createVoiceMix(ctx, { name: "One too many", voice: "af_bella" }, TEST_WORKER);
    expect(!refused.ok && refused.error).toMatchObject({ code: "too_many_voice_mixes" });
    expect(await listVoiceMixes(ctx)).toHaveLength(MAX_VOICE_MIXES);
  });
});
