import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { memberships, organizations, type MembershipRole } from "@/drizzle/schema";

export type Organization = { id: string; name: string; timezone: string };
export type { MembershipRole };

const organizationColumns = { id: organizations.id, name: organizations.name, timezone: organizations.timezone };

export async function createOrganization(db: DbOrTx, input: { name: string; timezone?: string }): Promise<Organization> {
  const [created] = await db.insert(organizations).values(input).returning(organizationColumns);
  if (!created) throw new Error("inserting an organisation returned no row");
  return created;
}

export async function getOrganizationById(db: DbOrTx, id: string): Promise<Organization | null> {
  const [row] = await db.select(organizationColumns).from(organizations).where(eq(organizations.id, id)).limit(1);
  return row ?? null;
}

/** The first organisation created: a database from before accounts existed keeps its data in it. */
export async function getOldestOrganization(db: DbOrTx): Promise<Organization | null> {
  const [row] = await db.select(organizationColumns).from(organizations).orderBy(asc(organizations.createdAt), asc(organizations.id)).limit(1);
  return row ?? null;
}

export async function renameOrganization(db: DbOrTx, id: string, name: string): Promise<Organization> {
  const [row] = await db.update(organizations).set({ name }).where(eq(organizations.id, id)).returning(organizationColumns);
  if (!row) throw new Error(`organisation ${id} does not exist`);
  return row;
}

export async function addMembership(db: DbOrTx, input: { userId: string; organizationId: string; role: MembershipRole }): Promise<void> {
  await db.insert(memberships).values(input).onConflictDoNothing();
}

/** The organisation a user works in (their oldest membership), with their role; null when they have none. */
export async function getOrganizationForUser(db: DbOrTx, userId: string): Promise<(Organization & { role: MembershipRole }) | null> {
  const [row] = await db
    .select({ ...organizationColumns, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row ?? null;
}
