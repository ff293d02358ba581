import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import type { QueryObserver } from "@/lib/db/client";
import { createOrganization, type Organization } from "@/lib/organizations";
import { assertLocalDatabaseUrl, cloneDatabase, dropDatabase, withDatabaseName } from "../../harness/postgres-admin";

export type DriverName = "pglite" | "postgres";

export type TestDatabase = Database & { driver: DriverName; url: string | null; organization: Organization };

/** PGlite always; Postgres too when TEST_DATABASE_URL is set. */
export function testDrivers(): DriverName[] {
  return inject("pgTemplateDatabase") ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh, migrated database of the given driver, with one organisation in it. */
export async function createTestDatabase(driver: DriverName, options: { onQuery?: QueryObserver } = {}): Promise<TestDatabase> {
  let database: Database;
  let url: string | null = null;
  let cleanup = async () => {};
  if (driver === "pglite") {
    database = await openDatabase({ kind: "pglite", onQuery: options.onQuery });
    await migrateDatabase(database);
  } else {
    const base = process.env.TEST_DATABASE_URL;
    const template = inject("pgTemplateDatabase");
    if (!base || !template) throw new Error("Postgres tests need TEST_DATABASE_URL (see .ci/run)");
    assertLocalDatabaseUrl(base);
    const name = `voice_test_${randomBytes(6).toString("hex")}`;
    await cloneDatabase(base, template, name);
    url = withDatabaseName(base, name);
    database = await openDatabase({ kind: "postgres", url, max: 10, onQuery: options.onQuery });
    cleanup = () => dropDatabase(base, name);
  }
  const organization = await createOrganization(database.db, { name: "Bright Smile Dental", timezone: "America/New_York" });
  const close = database.close;
  return {
    ...database,
    driver,
    url,
    organization,
    async close() {
      await close();
      await cleanup();
    },
  };
}

/**
 * Runs the same tests once per driver, each with its own database for the whole block:
 * `describeEachDatabase("contacts import", (getDb) => { it(..., async () => { const { db } = getDb(); }) })`.
 */
export function describeEachDatabase(
  title: string,
  body: (getDb: () => TestDatabase) => void,
  options: { onQuery?: QueryObserver } = {},
): void {
  describe.each(testDrivers())(`${title} [%s]`, (driver) => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(driver, options);
    });
    afterAll(async () => {
      await database?.close();
    });
    body(() => {
      if (!database) throw new Error("test database not ready");
      return database;
    });
  });
}
