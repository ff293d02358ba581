import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { apiKeyEvents, apiKeys, users } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";
import type { ApiKeyScope } from "./schemas";

const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  revokedReason: apiKeys.revokedReason,
};

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
};
export type ListedApiKeyRow = ApiKeyRow & { createdByName: string | null; createdByEmail: string | null };

export async function insertApiKey(
  db: DbOrTx,
  input: { organizationId: string; name: string; prefix: string; secretHash: string; scopes: ApiKeyScope[]; createdByUserId: string | null },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(input).returning(apiKeyColumns);
  return row!;
}

/** The organisation's keys, newest first, each with who created it (null once that person's account is gone). */
export function listApiKeysOfOrganization(db: DbOrTx, organizationId: string): Promise<ListedApiKeyRow[]> {
  return db
    .select({ ...apiKeyColumns, createdByName: users.name, createdByEmail: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdByUserId))
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * Revokes every active key of the organisation that this person created, saying why; the revoked rows.
 * Run before their account is deleted (the creator column is cleared with it).
 */
export function updateApiKeysRevokedByCreator(db: DbOrTx, organizationId: string, userId: string, reason: string): Promise<ApiKeyRow[]> {
  return db
    .update(apiKeys)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(apiKeys.organizationId, organizationId), eq(apiKeys.createdByUserId, userId), isNull(apiKeys.revokedAt)))
    .returning(apiKeyColumns);
}

/** The row behind a key's prefix, with what authentication needs; revoked keys too (the caller decides). */
export async function getApiKeyByPrefix(db: DbOrTx, prefix: string) {
  const [row] = await db
    .select({ ...apiKeyColumns, organizationId: apiKeys.organizationId, secretHash: apiKeys.secretHash })
    .from(apiKeys)
    .where(eq(apiKeys.prefix, prefix))
    .limit(1);
  return row ?? null;
}

export async function isApiKeyActive(db: DbOrTx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).limit(1);
  return !!row;
}

/** Revokes an active key of the organisation; null when there is none (unknown, another organisation's, or revoked already). */
export async function updateApiKeyRevoked(db: DbOrTx, organizationId: string, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, organizationId), isNull(apiKeys.revokedAt)))
    .returning(apiKeyColumns);
  return row ?? null;
}

/** Records a use unless one was recorded in the last `everySeconds`: concurrent requests write it once. */
export async function updateApiKeyLastUsed(db: DbOrTx, id: string, everySeconds: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - make_interval(secs => ${everySeconds})`))));
}

export async function insertApiKeyEvent(
  db: DbOrTx,
  input: { organizationId: string; apiKeyId: string; kind: "created" | "revoked" | "write"; actorUserId?: string | null; details?: Record<string, string | number> },
): Promise<void> {
  await db.insert(apiKeyEvents).values({ ...input, details: input.details ?? {} });
}

export function listApiKeyEventsOfOrganization(db: DbOrTx, organizationId: string, limit: number) {
  return db
    .select({ id: apiKeyEvents.id, apiKeyId: apiKeyEvents.apiKeyId, kind: apiKeyEvents.kind, actorUserId: apiKeyEvents.actorUserId, details: apiKeyEvents.details, createdAt: apiKeyEvents.createdAt })
    .from(apiKeyEvents)
    .where(eq(apiKeyEvents.organizationId, organizationId))
    .orderBy(desc(apiKeyEvents.createdAt), desc(apiKeyEvents.id))
    .limit(limit);
}
