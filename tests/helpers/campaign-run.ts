import { eq } from "drizzle-orm";
import { campaigns } from "@/drizzle/schema";
import { createCampaign, launchCampaign, type WorkerCapabilities } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db";
import { futureDate, seedContacts, type SeedContact } from "../../harness/seed";

export const APPOINTMENT_TEMPLATE =
  "Hi {{firstName}}, this is Bright Smile Dental. Your appointment is on {{appointment.date}} at {{appointment.time}}. Press 1 to confirm.";

const NAMES = ["Maria", "John", "Aiko", "Omar", "Lena", "Raj", "Chloe", "Diego", "Nina", "Sam", "Ada", "Ben"];

export function appointmentContacts(n: number, names = NAMES.length, slots = 6): SeedContact[] {
  const day = futureDate(7, 0);
  return Array.from({ length: n }, (_, i) => {
    const startsAt = new Date(day);
    startsAt.setUTCHours(13 + (i % slots), 30);
    return { firstName: NAMES[i % names]!, lastName: `Doe${i}`, appointment: { startsAt } };
  });
}

/** Seeds contacts, creates and launches a campaign for all of them; returns its id. */
export async function launchTestCampaign(ctx: Ctx, worker: WorkerCapabilities, options: { contacts?: SeedContact[]; template?: string; name?: string } = {}): Promise<string> {
  if (options.contacts) await seedContacts(ctx.db, ctx.organization.id, options.contacts);
  const created = await createCampaign(
    ctx,
    { name: options.name ?? "Test campaign", template: options.template ?? APPOINTMENT_TEMPLATE, voice: worker.voices[0]!, speed: 1, recipients: { mode: "all" } },
    worker,
  );
  if (!created.ok) throw new Error(created.error.message);
  const launched = await launchCampaign(ctx, created.value.id, worker);
  if (!launched.ok) throw new Error(launched.error.message);
  return created.value.id;
}

export async function campaignStatus(db: Db, id: string) {
  const [row] = await db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id));
  return row?.status;
}

/** Polls until the campaign leaves `rendering` (or the timeout passes) and returns its status. */
export async function waitForCampaign(db: Db, id: string, timeoutMs = 60_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await campaignStatus(db, id);
    if (status !== "rendering" || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}
