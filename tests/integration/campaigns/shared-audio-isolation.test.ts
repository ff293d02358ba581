import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { campaigns } from "@/drizzle/schema";
import { createCampaign, launchCampaign, planCampaign, retryFailedSegments } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

const TEMPLATE = "Hi {{firstName}}. Your cleaning is due. Press 1 to confirm.";

async function organizationWithMaria(database: TestDatabase, name: string): Promise<Ctx> {
  const ctx = { db: database.db, organization: await createOrganization(database.db, { name }) };
  await seedContacts(database.db, ctx.organization.id, [{ firstName: "Maria" }]);
  return ctx;
}

async function draft(ctx: Ctx): Promise<string> {
  const created = await createCampaign(ctx, { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

async function launched(ctx: Ctx): Promise<string> {
  const id = await draft(ctx);
  const result = await launchCampaign(ctx, id, TEST_WORKER);
  if (!result.ok) throw new Error(result.error.message);
  return id;
}

// The same sentence in two organisations is rendered once (shared audio), but neither may learn about the other.
describeEachDatabase("organisations that share a sentence", (getDb) => {
  it("counts as already rendered only what the caller's own campaigns rendered", async () => {
    const a = await organizationWithMaria(getDb(), "Bright Smile Dental");
    const b = await organizationWithMaria(getDb(), "Sunrise Physio");
    await launched(a);
    await getDb().db.execute(sql`update segments set status = 'done', duration_ms = 100, sample_rate = 24000, rendered_at = now()`);

    const planB = await planCampaign(b, await draft(b), TEST_WORKER);
    if (!planB.ok) throw new Error(planB.error.message);
    expect(planB.value).toMatchObject({ alreadyRendered: 0, toRender: planB.value.distinctSegments });

    const planA = await planCampaign(a, await draft(a), TEST_WORKER);
    if (!planA.ok) throw new Error(planA.error.message);
    expect(planA.value.alreadyRendered).toBe(planA.value.distinctSegments);
    expect(planA.value.toRender).toBe(0);
  });

  it("retries the caller's failed renders without reopening another organisation's campaign", async () => {
    const a = await organizationWithMaria(getDb(), "Lakeside Clinic");
    const b = await organizationWithMaria(getDb(), "Hilltop Clinic");
    const idA = await launched(a);
    const idB = await launched(b);
    const { db } = getDb();
    await db.execute(sql`update segments set status = 'failed', last_error = 'worker answered garbage'
      where key in (select segment_key from campaign_segments where campaign_id = ${idA})`);
    await db.update(campaigns).set({ status: "partially_failed" }).where(sql`${campaigns.id} in (${idA}, ${idB})`);

    const retried = await retryFailedSegments(a, idA);
    expect(retried).toMatchObject({ ok: true });
    const status = async (id: string) => (await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id)))[0]?.status;
    expect(await status(idA)).toBe("rendering");
    expect(await status(idB)).toBe("partially_failed");

    // Once the shared sentence has audio, the other organisation's own retry settles its campaign.
    await db.execute(sql`update segments set status = 'done', duration_ms = 100, sample_rate = 24000, rendered_at = now(), last_error = null`);
    expect(await retryFailedSegments(b, idB)).toMatchObject({ ok: true, value: { requeued: 0 } });
    expect(await status(idB)).toBe("ready");
  });
});
