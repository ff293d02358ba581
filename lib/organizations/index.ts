import { asc } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { organizations } from "@/drizzle/schema";

export type Organization = { id: string; name: string; timezone: string };

export const DEFAULT_ORGANIZATION_NAME = "My clinic";

/** The organisation a fresh install works in; created on first start so the app is usable at once. */
export async function ensureDefaultOrganization(db: DbOrTx): Promise<Organization> {
  const [existing] = await db
    .select({ id: organizations.id, name: organizations.name, timezone: organizations.timezone })
    .from(organizations)
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (existing) return existing;
  const [created] = await db
    .insert(organizations)
    .values({ name: DEFAULT_ORGANIZATION_NAME })
    .returning({ id: organizations.id, name: organizations.name, timezone: organizations.timezone });
  if (!created) throw new Error("inserting the default organisation returned no row");
  return created;
}

export async function createOrganization(db: DbOrTx, input: { name: string; timezone?: string }): Promise<Organization> {
  const [created] = await db
    .insert(organizations)
    .values(input)
    .returning({ id: organizations.id, name: organizations.name, timezone: organizations.timezone });
  if (!created) throw new Error("inserting an organisation returned no row");
  return created;
}
