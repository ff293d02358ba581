import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, rowsOf } from "@/lib/db";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";

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

describe("upgrading to contacts that share a phone", () => {
  it("keeps every saved contact and import, and then lets two contacts share a number", async () => {
    const dir = migrationsBefore("0012_contact_identity");
    const database = await openDatabase({ kind: "pglite" });
    try {
      await migrateDatabase(database, dir);
      const { db } = database;
      await db.execute(sql`insert into organizations (id, name, timezone) values ('00000000-0000-4000-8000-000000000001', 'Old clinic', 'America/New_York')`);
      await db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1001', 'Lucia', '+15125550140')`);
      await db.execute(sql`
        insert into contact_imports (organization_id, rows_total, rows_created, rows_updated, rows_failed)
        values ('00000000-0000-4000-8000-000000000001', 1, 1, 0, 0)`);
      // Before: the number was a contact's identity.
      await expect(
        db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1002', 'Mateo', '+15125550140')`),
      ).rejects.toThrow();

      expect(await migrateDatabase(database)).toEqual({ applied: 1 });
      await db.execute(sql`insert into contacts (organization_id, external_id, first_name, phone) values ('00000000-0000-4000-8000-000000000001', '1002', 'Mateo', '+15125550140')`);
      const people = rowsOf<{ first_name: string }>(await db.execute(sql`select first_name from contacts order by first_name`));
      expect(people.map((p) => p.first_name)).toEqual(["Lucia", "Mateo"]);
      const imports = rowsOf<{ changes: unknown }>(await db.execute(sql`select changes from contact_imports`));
      expect(imports).toEqual([{ changes: [] }]);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
