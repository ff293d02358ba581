import "server-only";
import { getDatabase, type Database, type Db } from "@/lib/db";
import { ensureDefaultOrganization, type Organization } from "@/lib/organizations";

/** What every use-case runs with: the database and the organisation whose rows it may touch. */
export type Ctx = { db: Db; organization: Organization };

type Holder = { __voiceDefaultOrg?: Promise<Organization> };
const holder = globalThis as Holder;

export async function getAppContext(): Promise<Ctx & { database: Database }> {
  const database = await getDatabase();
  holder.__voiceDefaultOrg ??= ensureDefaultOrganization(database.db);
  return { db: database.db, database, organization: await holder.__voiceDefaultOrg };
}

/** The ready workers' engine, model and capacity as use-cases need them; null when none is ready. */
export async function getWorkerInfo() {
  const { getWorkersInfo } = await import("@/lib/worker-client");
  return getWorkersInfo();
}
