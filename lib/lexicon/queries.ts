import { and, asc, count, eq, sql } from "drizzle-orm";
import { pronunciations } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";

export type PronunciationRow = { id: string; term: string; sayAs: string; language: string; updatedAt: Date };
export type PronunciationValues = { term: string; termKey: string; sayAs: string; language: string };

const columns = { id: pronunciations.id, term: pronunciations.term, sayAs: pronunciations.sayAs, language: pronunciations.language, updatedAt: pronunciations.updatedAt };

/** The organisation's entries by term, or only those of one language. */
export async function listPronunciationRows(db: DbOrTx, organizationId: string, language?: string): Promise<PronunciationRow[]> {
  const own = eq(pronunciations.organizationId, organizationId);
  return db
    .select(columns)
    .from(pronunciations)
    .where(language === undefined ? own : and(own, eq(pronunciations.language, language)))
    .orderBy(asc(pronunciations.termKey), asc(pronunciations.language));
}

export async function countPronunciations(db: DbOrTx, organizationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(pronunciations).where(eq(pronunciations.organizationId, organizationId));
  return row?.n ?? 0;
}

/** The new row, or null when the organisation already has an entry for this term in this language. */
export async function insertPronunciation(db: DbOrTx, organizationId: string, values: PronunciationValues): Promise<PronunciationRow | null> {
  const [row] = await db
    .insert(pronunciations)
    .values({ organizationId, ...values })
    .onConflictDoNothing({ target: [pronunciations.organizationId, pronunciations.language, pronunciations.termKey] })
    .returning(columns);
  return row ?? null;
}

/** The changed row, or null when the id is not one of the organisation's entries. */
export async function updatePronunciationRow(db: DbOrTx, organizationId: string, id: string, values: PronunciationValues): Promise<PronunciationRow | null> {
  const [row] = await db
    .update(pronunciations)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(pronunciations.organizationId, organizationId), eq(pronunciations.id, id)))
    .returning(columns);
  return row ?? null;
}

export async function getPronunciationIdByTermKey(db: DbOrTx, organizationId: string, language: string, key: string): Promise<string | null> {
  const [row] = await db
    .select({ id: pronunciations.id })
    .from(pronunciations)
    .where(and(eq(pronunciations.organizationId, organizationId), eq(pronunciations.language, language), eq(pronunciations.termKey, key)));
  return row?.id ?? null;
}

/** The language of one of the organisation's entries, or null when the id is not one of them. */
export async function getPronunciationLanguage(db: DbOrTx, organizationId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ language: pronunciations.language })
    .from(pronunciations)
    .where(and(eq(pronunciations.organizationId, organizationId), eq(pronunciations.id, id)));
  return row?.language ?? null;
}

export async function deletePronunciationRow(db: DbOrTx, organizationId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(pronunciations)
    .where(and(eq(pronunciations.organizationId, organizationId), eq(pronunciations.id, id)))
    .returning({ id: pronunciations.id });
  return rows.length > 0;
}

/**
 * Adds or replaces entries by term and language, in one statement; returns how many were new. `xmax = 0` is
 * Postgres's mark of a row this statement inserted rather than updated.
 */
export async function upsertPronunciations(db: DbOrTx, organizationId: string, values: readonly PronunciationValues[]): Promise<{ created: number; updated: number }> {
  if (values.length === 0) return { created: 0, updated: 0 };
  const rows = await db
    .insert(pronunciations)
    .values(values.map((v) => ({ organizationId, ...v })))
    .onConflictDoUpdate({
      target: [pronunciations.organizationId, pronunciations.language, pronunciations.termKey],
      set: { term: sql`excluded.term`, sayAs: sql`excluded.say_as`, updatedAt: sql`now()` },
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` });
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}
