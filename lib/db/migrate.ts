import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Database } from "./client";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle/migrations");

export class MigrationError extends Error {}

type JournalEntry = { idx: number; tag: string };

/**
 * Applies drizzle-kit's migrations, after checking that the folder is complete and that the database is not
 * ahead of this code (a database migrated by a newer release would otherwise fail later, obscurely).
 */
export async function migrateDatabase(database: Database, migrationsDir = MIGRATIONS_DIR): Promise<{ applied: number }> {
  const journal = readJournal(migrationsDir);
  const before = await countAppliedMigrations(database);
  if (before > journal.length) {
    throw new MigrationError(
      `The database (${database.label}) has ${before} migrations applied but this code knows only ${journal.length}. ` +
        `It was migrated by a newer version of the app: deploy that version, or point DATABASE_URL at another database.`,
    );
  }
  const config = { migrationsFolder: migrationsDir, migrationsSchema: "drizzle" };
  if (database.kind === "pglite") await migratePglite(database.db as unknown as PgliteDatabase, config);
  else await migratePostgres(database.db as unknown as PostgresJsDatabase, config);
  return { applied: journal.length - before };
}

function readJournal(migrationsDir: string): JournalEntry[] {
  const journalPath = path.join(migrationsDir, "meta", "_journal.json");
  if (!fs.existsSync(journalPath)) {
    throw new MigrationError(`Missing ${journalPath}: the migrations folder is incomplete. Restore drizzle/migrations from git.`);
  }
  const entries = (JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: JournalEntry[] }).entries;
  const missing = entries.map((e) => `${e.tag}.sql`).filter((file) => !fs.existsSync(path.join(migrationsDir, file)));
  if (missing.length > 0) {
    throw new MigrationError(
      `Migration file(s) listed in drizzle/migrations/meta/_journal.json are missing: ${missing.join(", ")}. ` +
        `Restore them from git (never delete a merged migration), or run \`npm run db:generate\` if you changed the schema.`,
    );
  }
  return entries;
}

async function countAppliedMigrations(database: Database): Promise<number> {
  const exists = await database.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!rowsOf<{ present: boolean }>(exists)[0]?.present) return 0;
  const result = await database.db.execute(sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
  return Number(rowsOf<{ count: number }>(result)[0]?.count ?? 0);
}

/** postgres.js returns an array of rows, PGlite a `{ rows }` object. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
