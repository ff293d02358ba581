import type { ScopedCtx } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { roleAtLeast } from "@/lib/values/roles";
import { takeRateLimit, type RateLimited } from "@/lib/rate-limits";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";
import {
  getApiKeyByPrefix,
  insertApiKey,
  insertApiKeyEvent,
  isApiKeyActive,
  listApiKeyEventsOfOrganization,
  listApiKeysOfOrganization,
  updateApiKeyLastUsed,
  updateApiKeyRevoked,
  updateApiKeysRevokedByCreator,
  type ApiKeyRow,
  type ListedApiKeyRow,
} from "./queries";
import type { ApiKeyDto, ApiKeyScope, CreatedApiKey, CreateApiKeyInput } from "./schemas";
import { displayPrefix, issueToken, parseToken, secretMatches } from "./token";

/**
 * The part of lib/context's Ctx these use-cases read (lib/context imports lib/api-keys, so this module
 * cannot import it back): the database, the caller's organisation, and the signed-in person, if any.
 */
export type ApiKeysCtx = ScopedCtx<"id" | "role">;

/** Who a request authenticated by a key is: the key, acting for its organisation. */
export type ApiKeyCaller = { apiKeyId: string; name: string; scopes: ApiKeyScope[]; organizationId: string };

/** A key's last use is written at most this often, so a busy integration costs no write per request. */
export const LAST_USED_EVERY_SECONDS = 60;

const toDto = (row: ApiKeyRow, createdBy: ApiKeyDto["createdBy"]): ApiKeyDto => ({
  id: row.id,
  name: row.name,
  prefix: displayPrefix(row.prefix),
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
  revokedReason: row.revokedReason,
  createdBy,
});

const listedDto = (row: ListedApiKeyRow): ApiKeyDto =>
  toDto(row, row.createdByName !== null && row.createdByEmail !== null ? { name: row.createdByName, email: row.createdByEmail } : null);

function requireAdmin(ctx: ApiKeysCtx): AppError<"forbidden"> | null {
  return ctx.user && roleAtLeast(ctx.user.role, "admin") ? null : appError("forbidden", "Only an admin or the owner of this organisation, signed in, can create or revoke API keys.");
}

/** An admin or the owner creates a key; its whole token is in this answer only. Audited as `created`. */
export async function createApiKey(
  ctx: ApiKeysCtx & { user?: { name?: string; email?: string } },
  input: Required<CreateApiKeyInput>,
): Promise<Result<CreatedApiKey, AppError<"forbidden">>> {
  const denied = requireAdmin(ctx);
  if (denied) return err(denied);
  const issued = issueToken();
  const scopes: ApiKeyScope[] = input.scope === "write" ? ["read", "write"] : ["read"];
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertApiKey(tx, { organizationId: ctx.organization.id, name: input.name, prefix: issued.prefix, secretHash: issued.secretHash, scopes, createdByUserId: ctx.user!.id });
    await insertApiKeyEvent(tx, { organizationId: ctx.organization.id, apiKeyId: created.id, kind: "created", actorUserId: ctx.user!.id, details: { name: input.name, scopes: scopes.join(",") } });
    return created;
  });
  const createdBy = ctx.user?.name !== undefined && ctx.user.email !== undefined ? { name: ctx.user.name, email: ctx.user.email } : null;
  return ok({ ...toDto(row, createdBy), token: issued.token });
}

export async function listApiKeys(ctx: ApiKeysCtx): Promise<ApiKeyDto[]> {
  return (await listApiKeysOfOrganization(ctx.db, ctx.organization.id)).map(listedDto);
}

/** An admin or the owner revokes a key: the next request with it gets 401. Audited as `revoked`. */
export async function revokeApiKey(ctx: ApiKeysCtx, id: string): Promise<Result<ApiKeyDto, AppError<"forbidden" | "api_key_not_found">>> {
  const denied = requireAdmin(ctx);
  if (denied) return err(denied);
  const row = await ctx.db.transaction(async (tx) => {
    const revoked = await updateApiKeyRevoked(tx, ctx.organization.id, id);
    if (revoked) await insertApiKeyEvent(tx, { organizationId: ctx.organization.id, apiKeyId: revoked.id, kind: "revoked", actorUserId: ctx.user!.id });
    return revoked;
  });
  return row ? ok(toDto(row, null)) : err(appError("api_key_not_found", "This API key does not exist or was revoked already."));
}

/**
 * A person's access ended (removed, or no longer an admin): every active key they created is revoked, with
 * the reason, and audited with who did it. The key's whole token was shown to its creator alone, so nobody
 * can tell who else holds it; a key outliving its creator's right to make keys would be access they kept.
 * Call it in the transaction that ends their access, before their account is deleted.
 */
export async function revokeApiKeysCreatedBy(
  tx: DbOrTx,
  input: { organizationId: string; creatorUserId: string; actorUserId: string | null; reason: string },
): Promise<number> {
  const revoked = await updateApiKeysRevokedByCreator(tx, input.organizationId, input.creatorUserId, input.reason);
  for (const key of revoked) {
    await insertApiKeyEvent(tx, { organizationId: input.organizationId, apiKeyId: key.id, kind: "revoked", actorUserId: input.actorUserId, details: { reason: input.reason } });
  }
  return revoked.length;
}

export type ApiKeyEventDto = { id: string; apiKeyId: string; kind: "created" | "revoked" | "write"; actorUserId: string | null; details: Record<string, string | number>; createdAt: string };

/** The organisation's key audit trail, newest first. */
export async function listApiKeyEvents(ctx: ApiKeysCtx, limit = 50): Promise<ApiKeyEventDto[]> {
  const rows = await listApiKeyEventsOfOrganization(ctx.db, ctx.organization.id, limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

const invalidKey = (message: string) => appError("api_key_invalid", message);

/**
 * The key behind a bearer token, or `api_key_invalid` for a malformed, unknown or revoked one (the message
 * says which: the caller already holds the string, so it learns nothing it could not guess). Records the
 * use when the last one recorded is older than LAST_USED_EVERY_SECONDS.
 */
export async function authenticateApiKey(db: DbOrTx, token: string): Promise<Result<ApiKeyCaller, AppError<"api_key_invalid">>> {
  const parsed = parseToken(token);
  if (!parsed) return err(invalidKey("This is not an API key of this app (they look like vck_…)."));
  const row = await getApiKeyByPrefix(db, parsed.prefix);
  if (!row || !secretMatches(parsed.secret, row.secretHash)) return err(invalidKey("This API key is not valid."));
  if (row.revokedAt) return err(invalidKey("This API key was revoked. Ask the organisation's owner for a new one."));
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_SECONDS * 1000) {
    await updateApiKeyLastUsed(db, row.id, LAST_USED_EVERY_SECONDS);
  }
  return ok({ apiKeyId: row.id, name: row.name, scopes: row.scopes, organizationId: row.organizationId });
}

/** Whether a key is still unrevoked: long-lived responses (the progress stream) ask again on every heartbeat. */
export function isApiKeyStillActive(db: DbOrTx, caller: ApiKeyCaller): Promise<boolean> {
  return isApiKeyActive(db, caller.apiKeyId);
}

/** Spends one request of the key's per-minute budget (shared by every web process through the database). */
export function limitApiKeyRequest(db: DbOrTx, caller: ApiKeyCaller, perMinute: number): Promise<Result<true, RateLimited>> {
  return takeRateLimit(db, { name: "api-key", limit: perMinute, windowSeconds: 60 }, caller.apiKeyId);
}

/** Audits a request made with a key that could change data: what was asked and what the app answered. */
export async function recordApiKeyWrite(db: DbOrTx, caller: ApiKeyCaller, request: { method: string; path: string; status: number; requestId: string }): Promise<void> {
  await insertApiKeyEvent(db, { organizationId: caller.organizationId, apiKeyId: caller.apiKeyId, kind: "write", details: request });
}
