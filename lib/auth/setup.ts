import { hashPassword } from "better-auth/crypto";
import { count, sql } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import type { Db, DbOrTx } from "@/lib/db";
import { addMembership, createOrganization, getOldestOrganization, updateOrganization, type Organization } from "@/lib/organizations";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { insertCredentialUser } from "./members";
import type { SetupOwnerInput } from "./schemas";

export async function hasAnyUser(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) > 0;
}

/**
 * First run: creates the owner (a better-auth user with a "credential" account, the same rows its sign-up
 * writes) and their organisation, once. Public sign-up stays off, so this is the only way to the first account.
 * A database from before accounts existed keeps its data: the owner joins its oldest organisation.
 */
export async function setupOwner(db: Db, input: SetupOwnerInput): Promise<Result<{ userId: string; organization: Organization }, AppError<"setup_complete" | "email_taken">>> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Two setup requests at once: the second waits here, then sees the first one's user.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('voice-campaigns:setup'))`);
    if (await hasAnyUser(tx)) return err(appError("setup_complete", "This app already has an owner. Sign in instead."));
    const created = await insertCredentialUser(tx, { name: input.name, email: input.email, passwordHash });
    if (!created.ok) return created;
    const userId = created.value;
    const existing = await getOldestOrganization(tx);
    const settings = { name: input.organizationName, timezone: input.timezone, phoneCountry: input.phoneCountry };
    const organization = existing ? await updateOrganization(tx, existing.id, settings) : await createOrganization(tx, settings);
    await addMembership(tx, { userId, organizationId: organization.id, role: "owner" });
    return ok({ userId, organization });
  });
}
