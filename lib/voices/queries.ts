import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { voiceMixes } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";

export type VoiceMixRow = typeof voiceMixes.$inferSelect;

export function listVoiceMixRows(db: DbOrTx, organizationId: string, limit: number): Promise<VoiceMixRow[]> {
  return db.select().from(voiceMixes).where(eq(voiceMixes.organizationId, organizationId)).orderBy(asc(voiceMixes.name), asc(voiceMixes.id)).limit(limit);
}

export async function countVoiceMixRows(db: DbOrTx, organizationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(voiceMixes).where(eq(voiceMixes.organizationId, organizationId));
  return Number(row?.n ?? 0);
}

export async function getVoiceMixRow(db: DbOrTx, organizationId: string, id: string): Promise<VoiceMixRow | null> {
  const [row] = await db.select().from(voiceMixes).where(and(eq(voiceMixes.organizationId, organizationId), eq(voiceMixes.id, id))).limit(1);
  return row ?? null;
}

/** Whether another of the organisation's mixes already has this name (any letter case). */
export async function isMixNameTaken(db: DbOrTx, organizationId: string, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: voiceMixes.id })
    .from(voiceMixes)
    .where(and(eq(voiceMixes.organizationId, organizationId), sql`lower(${voiceMixes.name}) = lower(${name})`, exceptId ? ne(voiceMixes.id, exceptId) : undefined))
    .limit(1);
  return row !== undefined;
}

export async function insertVoiceMix(db: DbOrTx, values: { organizationId: string; name: string; voice: string }): Promise<VoiceMixRow> {
  const [row] = await db.insert(voiceMixes).values(values).returning();
  return row!;
}

export async function updateVoiceMixName(db: DbOrTx, organizationId: string, id: string, name: string): Promise<VoiceMixRow | null> {
  const [row] = await db
    .update(voiceMixes)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(voiceMixes.organizationId, organizationId), eq(voiceMixes.id, id)))
    .returning();
  return row ?? null;
}

export async function deleteVoiceMixRow(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db.delete(voiceMixes).where(and(eq(voiceMixes.organizationId, organizationId), eq(voiceMixes.id, id))).returning({ id: voiceMixes.id });
  return rows.length > 0;
}

/** Serialises name checks of one organisation's mixes, so two saves of one name cannot both pass. */
export async function lockOrganizationMixes(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice-campaigns:voice-mixes:${organizationId}`}))`);
}
