import fs from "node:fs";
import path from "node:path";
import { PGlite, types as pgTypes } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/drizzle/schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Queries take either, so a use-case can run several of them in one transaction. */
export type DbOrTx = Db | Tx;

/**
 * PGlite speaks the text protocol, so bytea travels as `\\x` + hex. Its own serialiser builds one string per
 * byte (`Array.from(bytes).map(…)`), which for rendered audio (48 KB per second of speech) cost more CPU than
 * storing it; Node's native hex codec does the same in both directions without the garbage.
 */
const BYTEA_AS_HEX = {
  serializers: {
    [pgTypes.BYTEA]: (value: unknown) => {
      if (!(value instanceof Uint8Array)) throw new TypeError("A bytea parameter must be a Buffer or Uint8Array.");
      return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
    },
  },
  parsers: { [pgTypes.BYTEA]: (value: string) => Buffer.from(value.slice(2), "hex") },
};

export type DatabaseKind = "pglite" | "postgres";

export type Database = {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: shown on the home page and in logs. */
  label: string;
  /** LISTEN on a channel; resolves once listening. The returned function stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/** Called with every SQL statement Drizzle sends: tests count queries with it. */
export type QueryObserver = (query: string, params: unknown[]) => void;

export type DatabaseOptions =
  | { kind: "postgres"; url: string; max?: number; onQuery?: QueryObserver }
  /** `dir` undefined = in memory (tests). */
  | { kind: "pglite"; dir?: string; onQuery?: QueryObserver };

export class DatabaseLockedError extends Error {}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
  return options.kind === "postgres" ? openPostgres(options.url, options.max ?? 10, logger) : openPglite(options.dir, logger);
}

type Logger = { logQuery: QueryObserver } | undefined;

function openPostgres(url: string, max: number, logger: Logger): Database {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    // Fail a dead host within seconds at boot instead of hanging the first request.
    connect_timeout: 10,
    idle_timeout: 60,
  });
  const db = drizzlePostgres({ client: sql, schema, casing: "snake_case", logger }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    label: redactUrl(url),
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, (payload) => onPayload(payload));
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dir: string | undefined, logger: Logger): Promise<Database> {
  let releaseLock = () => {};
  if (dir) {
    const abs = path.resolve(dir);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    releaseLock = acquireDirectoryLock(abs);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir ? path.resolve(dir) : undefined, { serializers: BYTEA_AS_HEX.serializers, parsers: BYTEA_AS_HEX.parsers });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case", logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    label: dir ? `PGlite (embedded) at ${path.relative(process.cwd(), path.resolve(dir)) || "."}` : "PGlite (in memory)",
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return unsubscribe;
    },
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is single-process and takes no lock of its own: two processes on one data directory corrupt it
 * silently. A lock file holding the owner's pid refuses the second opener; a lock left by a dead process is
 * taken over.
 */
function acquireDirectoryLock(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readLockOwner(lockPath);
      if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database at ${dataDir} is already open in process ${owner}. PGlite allows one process at a time: ` +
            `stop that process first (migrations run automatically when the app starts), or set DATABASE_URL to use Postgres.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not take the lock ${lockPath}; remove it if no app is running.`);
}

function readLockOwner(lockPath: string): number | null {
  try {
    const pid = Number(JSON.parse(fs.readFileSync(lockPath, "utf8")).pid);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return `Postgres at ${u.host}${u.pathname}`;
  } catch {
    return "Postgres (unparseable URL)";
  }
}
