import { env } from "@/lib/env";
import { openDatabase, redactUrl, type Database } from "./client";
import { migrateDatabase } from "./migrate";

export type { Database, Db, DbOrTx, Tx, DatabaseKind } from "./client";
export { openDatabase } from "./client";
export { migrateDatabase, rowsOf, MigrationError } from "./migrate";
export { textListParam, uuidListParam } from "./params";
export { isDatabaseUnavailable } from "./unavailable";

/** The configured database (DATABASE_URL, else PGlite at PGLITE_DIR), opened and migrated. lib/runtime holds the process's one. */
export async function openConfiguredDatabase(): Promise<Database> {
  const database = env.DATABASE_URL
    ? await openDatabase({ kind: "postgres", url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX })
    : await openDatabase({ kind: "pglite", dir: env.PGLITE_DIR });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close().catch(() => {});
    throw explainConnectionError(error);
  }
  return database;
}

/** Turns a driver error at boot into one sentence a person can act on, without the password. */
export function explainConnectionError(error: unknown): Error {
  const e = error as NodeJS.ErrnoException & { errors?: unknown[]; cause?: unknown };
  const code = e?.code ?? (e?.cause as NodeJS.ErrnoException | undefined)?.code;
  const where = env.DATABASE_URL ? redactUrl(env.DATABASE_URL) : `PGlite at ${env.PGLITE_DIR}`;
  const hints: Record<string, string> = {
    ECONNREFUSED: "nothing is listening there: start Postgres or fix the host/port in DATABASE_URL",
    ENOTFOUND: "the host name does not resolve: fix the host in DATABASE_URL",
    "28P01": "the password was rejected: fix the credentials in DATABASE_URL",
    "3D000": "the database does not exist: create it (createdb) or fix the name in DATABASE_URL",
    CONNECT_TIMEOUT: "the connection timed out: check the host, port and firewall",
  };
  const hint = code ? hints[code] : undefined;
  if (!hint) return error instanceof Error ? error : new Error(String(error));
  return new Error(`Cannot use the database (${where}): ${hint}. Or unset DATABASE_URL to use the embedded database.`, { cause: error });
}
export { findStorageFullError, isStorageFailure, readStorageSpace, formatBytes, StorageFullError, PGLITE_MIN_FREE_BYTES, PGLITE_WARN_FREE_BYTES, type StorageSpace } from "./storage";
