import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MigrationError, migrateDatabase, openDatabase, rowsOf } from "@/lib/db";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { describeEachDatabase } from "../../helpers/test-db";

describeEachDatabase("database", (getDb) => {
  it("has every table of the data model after migrating", async () => {
    const { db } = getDb();
    const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    const tables = rowsOf<{ table_name: string }>(result).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "organizations", "contacts", "appointments", "contact_imports", "campaigns", "campaign_recipients",
        "campaign_segments", "campaign_events", "messages", "message_segments", "segments", "segment_audio", "preview_links",
      ]),
    );
  });

  it("re-running migrations on an up-to-date database applies nothing", async () => {
    expect(await migrateDatabase(getDb())).toEqual({ applied: 0 });
  });

  it("delivers NOTIFY payloads to a listener", async () => {
    const { db, listen } = getDb();
    const received: string[] = [];
    const stop = await listen("test_channel", (p) => received.push(p));
    await db.execute(sql`select pg_notify('test_channel', 'hello')`);
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(["hello"]);
    await stop();
  });
});

describe("migration checks", () => {
  it("names the missing file when the migrations folder is incomplete", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const sqlFile = fs.readdirSync(dir).find((f) => f.endsWith(".sql"));
    fs.rmSync(path.join(dir, sqlFile!));
    const database = await openDatabase({ kind: "pglite" });
    try {
      await expect(migrateDatabase(database, dir)).rejects.toThrow(new RegExp(`missing: ${sqlFile}`));
      await expect(migrateDatabase(database, dir)).rejects.toBeInstanceOf(MigrationError);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a database migrated by a newer version of the app", async () => {
    const database = await openDatabase({ kind: "pglite" });
    try {
      await migrateDatabase(database);
      await database.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 99999999999999)`);
      await expect(migrateDatabase(database)).rejects.toThrow(/newer version of the app/);
    } finally {
      await database.close();
    }
  });

  it("refuses a second process-level opener of the same embedded data directory", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-lock-"));
    const dataDir = path.join(dir, "pglite");
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.ppid }));
    await expect(openDatabase({ kind: "pglite", dir: dataDir })).rejects.toThrow(/already open in process/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
