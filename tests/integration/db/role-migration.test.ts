import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { assertLocalDatabaseUrl, cloneDatabase, dropDatabase, withDatabaseName } from "../../../harness/postgres-admin";
import { testDrivers, type DriverName } from "../../helpers/test-db";

/** The migrations folder as it was before roles: the journal cut after 0011. */
function migrationsBeforeRoles(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-before-roles-"));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === "0014_roles");
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function emptyDatabase(driver: DriverName): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (driver === "pglite") {
    const database = await openDatabase({ kind: "pglite" });
    return { database, drop: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  assertLocalDatabaseUrl(base);
  const name = `voice_test_${randomBytes(6).toString("hex")}`;
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

describe.each(testDrivers())("the roles migration [%s]", (driver) => {
  it("makes the members of before roles staff (the least), keeps the owner, and new memberships default to staff", async () => {
    const dir = migrationsBeforeRoles();
    const { database, drop } = await emptyDatabase(driver);
    try {
      await migrateDatabase(database, dir);
      const { db } = database;
      await db.execute(sql`insert into organizations (id, name) values ('00000000-0000-4000-8000-0000000000a1', 'Bright Smile Dental')`);
      for (const [id, role] of [["u-owner", "owner"], ["u-member", "member"]] as const) {
        await db.execute(sql`insert into users (id, name, email, email_verified, created_at, updated_at) values (${id}, ${id}, ${`${id}@example.test`}, false, now(), now())`);
        await db.execute(sql`insert into memberships (user_id, organization_id, role) values (${id}, '00000000-0000-4000-8000-0000000000a1', ${role})`);
      }
      await migrateDatabase(database);
      await db.execute(sql`insert into users (id, name, email, email_verified, created_at, updated_at) values ('u-new', 'u-new', 'u-new@example.test', false, now(), now())`);
      await db.execute(sql`insert into memberships (user_id, organization_id) values ('u-new', '00000000-0000-4000-8000-0000000000a1')`);
      const roles = rowsOf<{ user_id: string; role: string }>(await db.execute(sql`select user_id, role::text as role from memberships order by user_id`));
      expect(roles).toEqual([
        { user_id: "u-member", role: "staff" },
        { user_id: "u-new", role: "staff" },
        { user_id: "u-owner", role: "owner" },
      ]);
    } finally {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
