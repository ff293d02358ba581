import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { campaignRecipients, messages } from "@/drizzle/schema";
import {
  createCampaign,
  exportCampaignAudio,
  findStaleAudio,
  launchCampaign,
  listCampaignRecipients,
  planCampaign,
  rerenderStaleAudio,
  type CreateCampaignInput,
} from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { addDoNotCallNumbers, importContactsCsv } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase } from "../../helpers/test-db";

const TEMPLATE = "Hello from Bright Smile. {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}}.";
const HEADER = "Patient ID,First Name,Last Name,Phone,Appointment";
const FAMILY = [
  HEADER,
  "1001,Lucia,Reyes,(512) 555-0140,2030-01-15 09:00",
  "1002,Mateo,Reyes,(512) 555-0140,2030-01-15 09:30",
  "1003,Ana,Reyes,(512) 555-0140,2030-01-20 10:00",
  "2001,Maria,Garcia,(512) 555-0100,2030-01-15 09:00",
];

async function orgWithFamily(ctx: { db: Ctx["db"] }, name: string): Promise<Ctx> {
  const organization = await createOrganization(ctx.db, { name, timezone: "America/New_York" });
  const scoped = { db: ctx.db, organization };
  const imported = await importContactsCsv(scoped, { csv: FAMILY.join("\n") });
  if (!imported.ok) throw new Error(imported.error.message);
  return scoped;
}

async function draft(ctx: Ctx, overrides: Partial<CreateCampaignInput> = {}): Promise<string> {
  const created = await createCampaign(ctx, { name: "Reminders", template: TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" }, ...overrides }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

async function plan(ctx: Ctx, id: string) {
  const planned = await planCampaign(ctx, id, TEST_WORKER);
  if (!planned.ok) throw new Error(planned.error.message);
  return planned.value;
}

/** Each recipient's message as it is spoken (normalised text), and who carries it, by first name. */
async function spokenTo(ctx: Ctx, campaignId: string) {
  const rows = await ctx.db
    .select({ id: campaignRecipients.id, text: messages.text, sharedWith: campaignRecipients.sharedWithRecipientId })
    .from(campaignRecipients)
    .innerJoin(messages, eq(messages.key, campaignRecipients.messageKey))
    .where(eq(campaignRecipients.campaignId, campaignId));
  const listed = await listCampaignRecipients(ctx, campaignId);
  if (!listed.ok) throw new Error("no recipients");
  const nameOf = new Map(listed.value.items.map((r) => [r.id, r.name.split(" ")[0]!]));
  return Object.fromEntries(rows.map((r) => [nameOf.get(r.id), { text: r.text, sharedWith: r.sharedWith === null ? null : nameOf.get(r.sharedWith) }]));
}

describeEachDatabase("patients who share a phone number", (getDb) => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await orgWithFamily(getDb(), "Family dental");
  });

  it("by default each patient on a shared number gets their own message", async () => {
    const id = await draft(ctx);
    expect(await plan(ctx, id)).toMatchObject({ recipients: 4, distinctMessages: 4, sharedNumbers: null });
    const launched = await launchCampaign(ctx, id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: true, value: { campaign: { sharedNumbers: "each", recipients: 4 } } });
    const said = await spokenTo(ctx, id);
    expect(said.Lucia).toEqual({ text: "Hello from Bright Smile. Lucia, your appointment is on Tuesday, January fifteenth at nine AM.", sharedWith: null });
    expect(said.Mateo).toEqual({ text: "Hello from Bright Smile. Mateo, your appointment is on Tuesday, January fifteenth at nine thirty AM.", sharedWith: null });
  });

  it("together, one message names the patients of one number with appointments the same day, and one call carries it", async () => {
    const id = await draft(ctx, { sharedNumbers: "together" });
    // One shared sentence and three different second sentences: dedupe still says the first one once.
    const planned = await plan(ctx, id);
    expect(planned).toMatchObject({ recipients: 4, distinctMessages: 3, distinctSegments: 4, sharedNumbers: { messages: 1, recipients: 2 } });
    // A check before launch counts the people a message reaches, not the messages: every one of the 4 here.
    expect(planned.lint.find((f) => f.code === "opt_out_missing")?.recipients).toBe(4);
    const launched = await launchCampaign(ctx, id, TEST_WORKER);
    expect(launched).toMatchObject({ ok: true, value: { campaign: { sharedNumbers: "together", recipients: 4 }, plan: { distinctMessages: 3, distinctSegments: 4 } } });
    const together = "Hello from Bright Smile. Lucia and Mateo, your appointment is on Tuesday, January fifteenth at nine AM for Lucia and nine thirty AM for Mateo.";
    expect(await spokenTo(ctx, id)).toEqual({
      Lucia: { text: together, sharedWith: null },
      Mateo: { text: together, sharedWith: "Lucia" },
      // Same number, another day: a message of her own.
      Ana: { text: "Hello from Bright Smile. Ana, your appointment is on Sunday, January twentieth at ten AM.", sharedWith: null },
      Maria: { text: "Hello from Bright Smile. Maria, your appointment is on Tuesday, January fifteenth at nine AM.", sharedWith: null },
    });
    // The launch's own grouping is not mistaken for out-of-date audio.
    expect(await findStaleAudio(ctx, id)).toEqual({ ok: true, value: { stale: 0, causes: { values: 0, pronunciation: 0 }, recipients: [] } });

    // One row per call: Mateo is spoken to in Lucia's.
    const exported = await exportCampaignAudio(ctx, id, "http://127.0.0.1:3000", { format: "json" }, { key: Buffer.alloc(32, 7) });
    if (!exported.ok) throw new Error("export failed");
    const rows = (JSON.parse(await new Response(exported.value.body).text()) as { recipients: { name: string; also_for: string }[] }).recipients;
    expect(rows.map((r) => [r.name, r.also_for]).sort()).toEqual([["Ana Reyes", ""], ["Lucia Reyes", "Mateo Reyes"], ["Maria Garcia", ""]]);
  });

  it("a moved appointment splits a combined message again, and only the family's messages are rendered again", async () => {
    const own = await orgWithFamily(getDb(), "Moving family");
    const id = await draft(own, { sharedNumbers: "together" });
    expect((await launchCampaign(own, id, TEST_WORKER)).ok).toBe(true);
    const moved = await importContactsCsv(own, { csv: [HEADER, "1002,Mateo,Reyes,(512) 555-0140,2030-01-16 09:30"].join("\n") });
    expect(moved.ok).toBe(true);
    expect(await findStaleAudio(own, id)).toMatchObject({ ok: true, value: { stale: 2 } });
    expect(await rerenderStaleAudio(own, id)).toMatchObject({ ok: true, value: { rerendered: 2 } });
    const said = await spokenTo(own, id);
    expect(said.Lucia).toEqual({ text: "Hello from Bright Smile. Lucia, your appointment is on Tuesday, January fifteenth at nine AM.", sharedWith: null });
    expect(said.Mateo).toEqual({ text: "Hello from Bright Smile. Mateo, your appointment is on Wednesday, January sixteenth at nine thirty AM.", sharedWith: null });
    expect(await findStaleAudio(own, id)).toMatchObject({ ok: true, value: { stale: 0 } });
  });

  it("do-not-call holds for the number: every patient on it is left out, whichever choice", async () => {
    const own = await orgWithFamily(getDb(), "Opted-out family");
    const added = await addDoNotCallNumbers(own, { phones: ["(512) 555-0140"] });
    expect(added.ok).toBe(true);
    for (const sharedNumbers of ["each", "together"] as const) {
      const p = await plan(own, await draft(own, { sharedNumbers }));
      expect(p).toMatchObject({ recipients: 1, leftOut: { optedOut: 3 } });
    }
  });
});
