import { generateId } from "better-auth";
import { hashPassword } from "better-auth/crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { accounts, memberships, users } from "@/drizzle/schema";
import type { Db, DbOrTx } from "@/lib/db";
import { addMembership, type MembershipRole } from "@/lib/organizations";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import type { AddMemberInput } from "./schemas";

/**
 * The part of lib/context's Ctx these use-cases read (lib/context imports lib/auth, so this module cannot
 * import it back): the database, the caller's organisation and their role in it.
 */
export type MembersCtx = { db: Db; organization: { id: string }; user?: { role: MembershipRole } };

export type MemberDto = { id: string; name: string; email: string; role: MembershipRole; addedAt: string };

/**
 * A user who signs in with email and password: the same user and "credential" account rows better-auth's
 * own sign-up writes (sign-up itself is off). Fails with `email_taken` when the address has an account.
 */
export async function insertCredentialUser(tx: DbOrTx, input: { name: string; email: string; passwordHash: string }): Promise<Result<string, AppError<"email_taken">>> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (taken) return err(appError("email_taken", `${input.email} already has an account here. Use another address.`));
  const userId = generateId();
  const now = new Date();
  await tx.insert(users).values({ id: userId, name: input.name, email: input.email, emailVerified: false, createdAt: now, updatedAt: now });
  await tx.insert(accounts).values({ id: generateId(), accountId: userId, providerId: "credential", userId, password: input.passwordHash, createdAt: now, updatedAt: now });
  return ok(userId);
}

function requireOwner(ctx: MembersCtx): AppError<"forbidden"> | null {
  return ctx.user?.role === "owner" ? null : appError("forbidden", "Only the owner of this organisation can add or remove members.");
}

/** Everyone who can sign in to the organisation, the owner first. */
export async function listMembers(ctx: MembersCtx): Promise<MemberDto[]> {
  const rows = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role, addedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, ctx.organization.id))
    .orderBy(sql`${memberships.role} = 'owner' desc`, asc(memberships.createdAt), asc(users.email));
  return rows.map((r) => ({ ...r, addedAt: r.addedAt.toISOString() }));
}

/**
 * The owner gives a colleague an account in the organisation, with a first password to hand over (there is
 * no email sending); the colleague can change it after signing in.
 */
export async function addMember(ctx: MembersCtx, input: AddMemberInput): Promise<Result<MemberDto, AppError<"forbidden" | "email_taken">>> {
  const denied = requireOwner(ctx);
  if (denied) return err(denied);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    // Two adds of one address at once: the second waits here, then sees the first one's user.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice-campaigns:user:${input.email}`}))`);
    const created = await insertCredentialUser(tx, { name: input.name, email: input.email, passwordHash });
    if (!created.ok) return created;
    await addMembership(tx, { userId: created.value, organizationId: ctx.organization.id, role: "member" });
    return ok({ id: created.value, name: input.name, email: input.email, role: "member" as const, addedAt: new Date().toISOString() });
  });
}

/**
 * The owner removes a member: their account, sessions and membership are deleted, so they are signed out
 * everywhere at once. The owner cannot be removed.
 */
export async function removeMember(ctx: MembersCtx, userId: string): Promise<Result<{ removed: string }, AppError<"forbidden" | "member_not_found">>> {
  const denied = requireOwner(ctx);
  if (denied) return err(denied);
  const [member] = await ctx.db
    .select({ role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, ctx.organization.id)));
  if (!member) return err(appError("member_not_found", "This person is not a member of your organisation."));
  if (member.role === "owner") return err(appError("forbidden", "The owner cannot be removed."));
  // Sessions, accounts and memberships reference the user with on delete cascade.
  await ctx.db.delete(users).where(eq(users.id, userId));
  return ok({ removed: member.email });
}
