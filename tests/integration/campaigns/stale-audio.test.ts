import { beforeAll, expect, it } from "vitest";
import {
  createCampaign,
  findStaleAudio,
  getCampaignDetail,
  launchCampaign,
  listCampaignRecipients,
  listCampaignsWithStaleAudio,
  rerenderStaleAudio,
} from "@/lib/campaigns";
import { importContactsCsv } from "@/lib/contacts";
import { createPronunciation } from "@/lib/lexicon";
import type { Ctx } from "@/lib/context";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const TEMPLATE = "Hi {{firstName}}, this is Bright Smile Dental. We will see you on {{appointment.date}} at {{appointment.time}}.";

/** A date ten days ahead as the CSV writes it. */
const day = (() => {
  const d = new Date(Date.now() + 10 * 86_400_000);
  return d.toISOString().slice(0, 10);
})();

const csv = (mariaTime: string) => `External ID,Name,Phone,Appointment\nP1,Maria Garcia,512-555-0100,${day} ${mariaTime}\nP2,John Smith,512-555-0101,${day} 09:00\n`;

describeEachDatabase("audio that says an old appointment time after a re-import", (getDb) => {
  let ctx: Ctx;
  let campaignId: string;
  beforeAll(async () => {
    const { db } = getDb();
    ctx = { db, organization: await createOrganization(db, { name: "Bright Smile Dental", timezone: "America/Chicago" }) };
    const first = await importContactsCsv(ctx, { csv: csv("14:30") });
    if (!first.ok) throw new Error(first.error.message);
    const created = await createCampaign(ctx, { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    campaignId = created.value.id;
    const launched = await launchCampaign(ctx, campaignId, TEST_WORKER);
    if (!launched.ok) throw new Error(launched.error.message);
  });

  it("a re-import that changes nothing leaves every campaign current", async () => {
    const again = await importContactsCsv(ctx, { csv: csv("14:30") });
    expect(again).toMatchObject({ ok: true, value: { updated: 2, rescheduledContactIds: [] } });
    expect(await findStaleAudio(ctx, campaignId)).toEqual({ ok: true, value: { stale: 0, causes: { values: 0, pronunciation: 0 }, recipients: [] } });
  });

  it("a moved appointment marks the campaign stale for exactly that recipient, and a re-render fixes exactly that message", async () => {
    const before = await listCampaignRecipients(ctx, campaignId);
    if (!before.ok) throw new Error(before.error.message);
    const keyOf = (items: typeof before.value.items, name: string) => items.find((r) => r.name === name)?.messageKey;

    const moved = await importContactsCsv(ctx, { csv: csv("16:00") });
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.value.rescheduledContactIds).toHaveLength(1);
    expect(await listCampaignsWithStaleAudio(ctx, moved.value.rescheduledContactIds)).toEqual([{ id: campaignId, name: "Reminders", stale: 1 }]);
    expect(await findStaleAudio(ctx, campaignId)).toMatchObject({
      ok: true,
      value: { stale: 1, causes: { values: 1, pronunciation: 0 }, recipients: [{ name: "Maria Garcia", cause: "values" }] },
    });

    const rerendered = await rerenderStaleAudio(ctx, campaignId);
    // One new sentence: "We will see you on … at 4:00 PM."; the greeting already has audio.
    expect(rerendered).toEqual({ ok: true, value: { rerendered: 1, newSegments: 1 } });
    expect(await findStaleAudio(ctx, campaignId)).toEqual({ ok: true, value: { stale: 0, causes: { values: 0, pronunciation: 0 }, recipients: [] } });
    expect((await getCampaignDetail(ctx, campaignId)).ok && ((await getCampaignDetail(ctx, campaignId)) as { value: { status: string } }).value.status).toBe("rendering");

    const after = await listCampaignRecipients(ctx, campaignId);
    if (!after.ok) throw new Error(after.error.message);
    expect(keyOf(after.value.items, "Maria Garcia")).not.toBe(keyOf(before.value.items, "Maria Garcia"));
    expect(keyOf(after.value.items, "John Smith")).toBe(keyOf(before.value.items, "John Smith"));
  });

  it("a changed pronunciation is named as the cause, not a moved appointment", async () => {
    const created = await createPronunciation(ctx, { term: "Maria", sayAs: "Mah-ree-ah" });
    if (!created.ok) throw new Error(created.error.message);
    expect(await findStaleAudio(ctx, campaignId)).toMatchObject({
      ok: true,
      value: { stale: 1, causes: { values: 0, pronunciation: 1 }, recipients: [{ name: "Maria Garcia", cause: "pronunciation" }] },
    });
    await rerenderStaleAudio(ctx, campaignId);
  });

  it("another organisation finds nothing stale in this campaign and cannot re-render it", async () => {
    const other: Ctx = { db: getDb().db, organization: await createOrganization(getDb().db, { name: "Sunrise Physio" }) };
    expect(await findStaleAudio(other, campaignId)).toMatchObject({ ok: false, error: { code: "campaign_not_found" } });
    expect(await rerenderStaleAudio(other, campaignId)).toMatchObject({ ok: false, error: { code: "campaign_not_found" } });
  });
});
