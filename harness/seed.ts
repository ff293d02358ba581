import { appointments, contacts } from "@/drizzle/schema";
import type { Db } from "@/lib/db";

export type SeedContact = {
  firstName: string;
  lastName?: string;
  phone?: string;
  timezone?: string;
  attributes?: Record<string, string>;
  /** Preferred language ("es"): the campaign version the contact hears. */
  language?: string;
  appointment?: { startsAt: Date; provider?: string; location?: string };
};

/** Inserts contacts (and their appointments) directly, in bulk; returns their ids in input order. */
export async function seedContacts(db: Db, organizationId: string, rows: SeedContact[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1_000) {
    const batch = rows.slice(i, i + 1_000);
    const inserted = await db
      .insert(contacts)
      .values(
        batch.map((r, j) => ({
          organizationId,
          firstName: r.firstName,
          lastName: r.lastName ?? `Tester${i + j}`,
          phone: r.phone ?? `+1${2025550000 + i + j}`,
          timezone: r.timezone ?? null,
          attributes: r.attributes ?? {},
          language: r.language ?? null,
        })),
      )
      .returning({ id: contacts.id });
    ids.push(...inserted.map((r) => r.id));
    const withAppointments = batch.flatMap((r, j) => (r.appointment ? [{ contactId: inserted[j]!.id, ...r.appointment }] : []));
    if (withAppointments.length > 0) await db.insert(appointments).values(withAppointments);
  }
  return ids;
}

/** A worker description as the web side would learn it from /readyz. */
export const TEST_WORKER = {
  engine: "kokoro",
  modelVersion: "test-model-1",
  voices: ["af_heart", "af_bella", "am_adam"],
  msPerAudioSecond: 500,
  capacity: 2,
} as const;

export function futureDate(daysAhead: number, hourUtc: number, minute = 0): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + daysAhead);
  d.setUTCHours(hourUtc, minute, 0, 0);
  return d;
}
