import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { assertLocalDatabaseUrl, cloneDatabase, dropDatabase, withDatabaseName } from "../../../harness/postgres-admin";
import { testDrivers, type DriverName } from "../../helpers/test-db";

/** An empty database of the driver, and how to get rid of it. */
async function emptyDatabase(driver: DriverName): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (driver === "pglite") {
    const database = await openDatabase({ kind: "pglite" });
    return { database, drop: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("Postgres tests need TEST_DATABASE_URL (see .ci/run)");
  assertLocalDatabaseUrl(base);
  const name = `voice_upgrade_${randomBytes(6).toString("hex")}`;
  await cloneDatabase(base, "template0", name);
  const database = await openDatabase({ kind: "postgres", url: withDatabaseName(base, name), max: 2 });
  return {
    database,
    drop: async () => {
      await database.close();
      await dropDatabase(base, name);
    },
  };
}

/** The migrations folder as it was before the migration tagged `tag`. */
function migrationsBefore(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  if (index < 0) throw new Error(`no migration ${tag}`);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe.each(testDrivers())("upgrading to contacts that share a phone [%s]", (driver) => {
  it("keeps every saved contact, import and campaign, and then lets two contacts share a number", async () => {
    const dir = migrationsBefore("0012_contact_identity");
    const { database, drop } = await emptyDatabase(driver);
    try {
      await migrateDatabase(database, dir);
      const { db } = database;
      await db.execute(sql`insert into organizations (id, name, timezone) values ('00000000-0000-4000-8000-000000000001', 'Old clinic', 'America/New_York')`);
      await db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1001', 'Lucia', '+15125550140')`);
      await db.execute(sql`
        insert into contact_imports (organization_id, rows_total, rows_created, rows_updated, rows_failed)
        values ('00000000-0000-4000-8000-000000000001', 1, 1, 0, 0)`);
      await db.execute(sql`insert into campaigns (organization_id, name, template, voice) values ('00000000-0000-4000-8000-000000000001', 'Old reminder', 'Hi {{firstName}}.', 'af_heart')`);
      // Before: the number was a contact's identity.
      await expect(
        db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1002', 'Mateo', '+15125550140')`),
      ).rejects.toThrow();

      const before = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n;
      const { applied } = await migrateDatabase(database);
      expect(applied).toBeGreaterThanOrEqual(1);
      expect(Number(before) + applied).toBe(Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]!.n));
      await db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1002', 'Mateo', '+15125550140')`);
      const people = rowsOf<{ first_name: string }>(await db.execute(sql`select first_name from contacts order by first_name`));
      expect(people.map((p) => p.first_name)).toEqual(["Lucia", "Mateo"]);
      const imports = rowsOf<{ changes: unknown }>(await db.execute(sql`select changes from contact_imports`));
      expect(imports).toEqual([{ changes: [] }]);
      // A campaign saved before keeps what it did: a message each for patients who share a number.
      expect(rowsOf(await db.execute(sql`select shared_numbers from campaigns`))).toEqual([{ shared_numbers: "each" }]);
    } finally {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
