import { asc, eq } from "drizzle-orm";
import type { Organization } from "@/lib/context";
import type { DbOrTx } from "@/lib/db";
import { AUDIO_PROFILES, type AudioProfile } from "@/lib/values/audio-profiles";
import { memberships, organizations, type MembershipRole } from "@/drizzle/schema";
import { DEFAULT_LANGUAGE, SPOKEN_LANGUAGES } from "@/lib/values/languages";
import { DEFAULT_PHONE_COUNTRY, isPhoneCountry } from "@/lib/values/phone";

export type { Organization };
export type { MembershipRole };

const organizationColumns = {
  id: organizations.id,
  name: organizations.name,
  timezone: organizations.timezone,
  phoneCountry: organizations.phoneCountry,
  callbackNumber: organizations.callbackNumber,
  phoneSystem: organizations.phoneSystem,
  defaultLanguage: organizations.defaultLanguage,
};

type OrganizationRow = Omit<Organization, "phoneCountry" | "phoneSystem"> & { phoneCountry: string; phoneSystem: string };

// The settings schema only writes supported countries and known profiles; a row from a newer release
// with one this build does not know reads as the default instead of breaking every page.
function toOrganization(row: OrganizationRow): Organization {
  return {
    ...row,
    phoneCountry: isPhoneCountry(row.phoneCountry) ? row.phoneCountry : DEFAULT_PHONE_COUNTRY,
    phoneSystem: (AUDIO_PROFILES as readonly string[]).includes(row.phoneSystem) ? (row.phoneSystem as AudioProfile) : "generic",
    defaultLanguage: SPOKEN_LANGUAGES.some((l) => l.code === row.defaultLanguage) ? row.defaultLanguage : DEFAULT_LANGUAGE,
  };
}

export type OrganizationSettingsRow = Omit<Organization, "id">;

export async function createOrganization(db: DbOrTx, input: { name: string } & Partial<OrganizationSettingsRow>): Promise<Organization> {
  const [created] = await db.insert(organizations).values(input).returning(organizationColumns);
  if (!created) throw new Error("inserting an organisation returned no row");
  return toOrganization(created);
}

/** The first organisation created: a database from before accounts existed keeps its data in it. */
export async function getOldestOrganization(db: DbOrTx): Promise<Organization | null> {
  const [row] = await db.select(organizationColumns).from(organizations).orderBy(asc(organizations.createdAt), asc(organizations.id)).limit(1);
  return row ? toOrganization(row) : null;
}

export async function getOrganization(db: DbOrTx, id: string): Promise<Organization | null> {
  const [row] = await db.select(organizationColumns).from(organizations).where(eq(organizations.id, id));
  return row ? toOrganization(row) : null;
}

export async function updateOrganization(db: DbOrTx, id: string, values: Partial<OrganizationSettingsRow>): Promise<Organization> {
  const [row] = await db.update(organizations).set(values).where(eq(organizations.id, id)).returning(organizationColumns);
  if (!row) throw new Error(`organisation ${id} does not exist`);
  return toOrganization(row);
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
  if (!row) return null;
  const { role, ...organization } = row;
  return { ...toOrganization(organization), role };
}
