import type { ScopedCtx } from "@/lib/context";
import { generateId } from "better-auth";
import { hashPassword } from "better-auth/crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { accounts, memberships, users } from "@/drizzle/schema";
import { revokeApiKeysCreatedBy } from "@/lib/api-keys";
import type { Db, DbOrTx } from "@/lib/db";
import { addMembership, type MembershipRole } from "@/lib/organizations";
import { appError, err, ok, type Result, type AppError } from "@/lib/result";
import { disableWebhookEndpointsCreatedBy } from "@/lib/webhooks";
import { ROLE_LABELS, roleAtLeast } from "@/lib/values/roles";
import type { AddMemberInput, ChangeMemberRoleInput } from "./schemas";

/**
 * The part of lib/context's Ctx these use-cases read (lib/context imports lib/auth, so this module cannot
 * import it back): the database, the caller's organisation and their role in it.
 */
export type MembersCtx = ScopedCtx<"id" | "role">;

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
  return ctx.user?.role === "owner" ? null : appError("forbidden", "Only the owner of this organisation can add or remove members or change their roles.");
}

/**
 * One change of the team at a time per organisation, and the caller's role read again under it: an owner
 * who handed ownership over in another tab cannot then change roles or remove anyone.
 */
async function lockTeam(tx: DbOrTx, organizationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice-campaigns:team:${organizationId}`}))`);
}

type MemberRow = { userId: string; role: MembershipRole; name: string; email: string };

async function getMember(db: DbOrTx, organizationId: string, userId: string): Promise<MemberRow | null> {
  const [member] = await db
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, userId), eq(memberships.organizationId, organizationId)));
  return member ?? null;
}

/**
 * What only an admin should have had ends with a person's admin rights (removed, or made staff): the API
 * keys they created are revoked and the webhook endpoints they added are turned off, each with the reason.
 * What anyone on the team made (contacts, campaigns, lists, schedules) stays: it is the clinic's work.
 */
async function endAdminAccess(tx: DbOrTx, organizationId: string, member: MemberRow, actorUserId: string | null, why: string): Promise<{ revokedApiKeys: number; disabledWebhookEndpoints: number }> {
  const reason = `${member.name} (${member.email}) ${why}`;
  const revokedApiKeys = await revokeApiKeysCreatedBy(tx, { organizationId, creatorUserId: member.userId, actorUserId, reason });
  const disabledWebhookEndpoints = await disableWebhookEndpointsCreatedBy(tx, { organizationId, creatorUserId: member.userId, reason });
  return { revokedApiKeys, disabledWebhookEndpoints };
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
 * The owner gives a colleague an account in the organisation, as staff unless they pick admin, with a first
 * password to hand over (there is no email sending); the colleague can change it after signing in.
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
    await addMembership(tx, { userId: created.value, organizationId: ctx.organization.id, role: input.role });
    return ok({ id: created.value, name: input.name, email: input.email, role: input.role, addedAt: new Date().toISOString() });
  });
}

export type RoleChange = { member: MemberDto; revokedApiKeys: number; disabledWebhookEndpoints: number };

/**
 * The owner changes a member's role. Making someone the owner hands ownership over: the previous owner
 * becomes an admin, in the same transaction, so the organisation always has exactly one owner. A member
 * who stops being an admin loses the API keys and webhook endpoints they made (see endAdminAccess).
 */
export async function changeMemberRole(
  ctx: MembersCtx,
  userId: string,
  input: ChangeMemberRoleInput,
): Promise<Result<RoleChange, AppError<"forbidden" | "member_not_found">>> {
  const denied = requireOwner(ctx);
  if (denied) return err(denied);
  const ownerId = ctx.user!.id;
  if (userId === ownerId) {
    return err(appError("forbidden", "You are the owner: to step down, make another member the owner (you become an admin)."));
  }
  return ctx.db.transaction(async (tx) => {
    await lockTeam(tx, ctx.organization.id);
    const [caller, member] = [await getMember(tx, ctx.organization.id, ownerId), await getMember(tx, ctx.organization.id, userId)];
    if (caller?.role !== "owner") return err(appError("forbidden", "Only the owner of this organisation can change roles."));
    if (!member) return err(appError("member_not_found", "This person is not a member of your organisation."));
    const setRole = (id: string, role: MembershipRole) =>
      tx.update(memberships).set({ role }).where(and(eq(memberships.userId, id), eq(memberships.organizationId, ctx.organization.id)));
    if (input.role === "owner") await setRole(ownerId, "admin");
    await setRole(userId, input.role);
    const ended =
      roleAtLeast(member.role, "admin") && !roleAtLeast(input.role, "admin")
        ? await endAdminAccess(tx, ctx.organization.id, member, ownerId, `was made ${ROLE_LABELS[input.role].toLowerCase()}`)
        : { revokedApiKeys: 0, disabledWebhookEndpoints: 0 };
    const [dto] = (await listMembers({ db: tx as Db, organization: ctx.organization })).filter((m) => m.id === userId);
    return ok({ member: dto!, ...ended });
  });
}

export type MemberRemoval = { removed: string; revokedApiKeys: number; disabledWebhookEndpoints: number };

/**
 * The owner removes a member: the API keys they created are revoked and the webhook endpoints they added
 * turned off (see endAdminAccess), then their account, sessions and membership are deleted, so they are
 * signed out everywhere at once. All in one transaction. The owner cannot be removed.
 */
export async function removeMember(ctx: MembersCtx, userId: string): Promise<Result<MemberRemoval, AppError<"forbidden" | "member_not_found">>> {
  const denied = requireOwner(ctx);
  if (denied) return err(denied);
  return ctx.db.transaction(async (tx) => {
    await lockTeam(tx, ctx.organization.id);
    if (ctx.user?.id && (await getMember(tx, ctx.organization.id, ctx.user.id))?.role !== "owner") {
      return err(appError("forbidden", "Only the owner of this organisation can remove members."));
    }
    const member = await getMember(tx, ctx.organization.id, userId);
    if (!member) return err(appError("member_not_found", "This person is not a member of your organisation."));
    if (member.role === "owner") return err(appError("forbidden", "The owner cannot be removed."));
    // Whatever their role now: a key or endpoint made while they were an admin must not outlive them.
    const ended = await endAdminAccess(tx, ctx.organization.id, member, ctx.user?.id ?? null, "was removed from the team");
    // Sessions, accounts and memberships reference the user with on delete cascade.
    await tx.delete(users).where(eq(users.id, userId));
    return ok({ removed: member.email, ...ended });
  });
}
