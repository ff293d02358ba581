import fs from "node:fs";
import path from "node:path";
import { PGlite, types as pgTypes } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "@/drizzle/schema";
import { describeStorageFailure, isStorageFailure, PGLITE_MIN_FREE_BYTES, readStorageSpace, StorageFullError, type StorageSpace } from "./storage";

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
  /** Free space of the embedded database's data directory; null for Postgres or in memory. */
  storage(): Promise<StorageSpace | null>;
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
    storage: async () => null,
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * How long a database that failed on a full disk waits before trying to reopen; each attempt that fails
 * doubles it, up to the maximum (a failed start may hold on to the memory of its instance until collected).
 */
const PGLITE_REOPEN_MS = 5_000;
const PGLITE_REOPEN_MAX_MS = 60_000;

async function openPglite(dir: string | undefined, logger: Logger): Promise<Database> {
  let releaseLock = () => {};
  const dataDir = dir ? path.resolve(dir) : undefined;
  if (dataDir) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    releaseLock = acquireDirectoryLock(dataDir);
  }
  const create = () => PGlite.create(dataDir, { serializers: BYTEA_AS_HEX.serializers, parsers: BYTEA_AS_HEX.parsers });
  let client: PGlite;
  try {
    client = await create();
  } catch (error) {
    releaseLock();
    throw error;
  }
  const label = dataDir ? `PGlite (embedded) at ${path.relative(process.cwd(), dataDir) || "."}` : "PGlite (in memory)";

  // A full disk leaves PGlite unable to roll back the transaction it was in: from then on every statement
  // answers "cannot drop active portal" and only a new instance on the same directory works again. So the
  // first storage failure takes the instance out of service: callers get StorageFullError at once (on the
  // next turn of the event loop, so a caller that retries without waiting cannot starve health checks or
  // signals), and the directory is reopened every few seconds once it has room. Committed transactions are
  // on disk; the failed one was never acknowledged.
  let outage: StorageFullError | null = null;
  let closed = false;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;
  const subscriptions = new Set<{ channel: string; onPayload: (payload: string) => void; unsubscribe: () => Promise<void> }>();

  const takeOutOfService = (cause: unknown) => {
    if (outage || closed) return;
    outage = new StorageFullError(label, { cause });
    console.error(JSON.stringify({ level: "error", msg: "database disk full: the embedded database is out of service until there is room", dir: dataDir ?? null, error: describeStorageFailure(cause) }));
    const broken = client;
    void broken.close().catch(() => {});
    scheduleReopen();
  };
  let reopenDelay = PGLITE_REOPEN_MS;
  const scheduleReopen = () => {
    if (closed) return;
    reopenTimer = setTimeout(() => void reopen(), reopenDelay);
    reopenTimer.unref?.();
  };
  const reopen = async () => {
    if (closed) return;
    const space = dataDir ? await readStorageSpace(dataDir) : null;
    if (space && space.freeBytes < PGLITE_MIN_FREE_BYTES) return scheduleReopen();
    try {
      const next = await create();
      await next.query("select 1");
      if (closed) return void (await next.close());
      client = next;
      for (const subscription of subscriptions) subscription.unsubscribe = await next.listen(subscription.channel, subscription.onPayload);
      outage = null;
      reopenDelay = PGLITE_REOPEN_MS;
      console.warn(JSON.stringify({ level: "warn", msg: "database reopened after the disk had room again", dir: dataDir ?? null }));
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "database still cannot be reopened", error: describeStorageFailure(error) }));
      reopenDelay = Math.min(reopenDelay * 2, PGLITE_REOPEN_MAX_MS);
      scheduleReopen();
    }
  };
  const guarded = async <T>(call: (c: PGlite) => Promise<T>): Promise<T> => {
    if (outage) {
      await new Promise((resolve) => setImmediate(resolve));
      throw outage;
    }
    try {
      return await call(client);
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      takeOutOfService(error);
      throw outage ?? error;
    }
  };
  // What drizzle's PGlite session calls on its client; each goes to the instance in service.
  const resilient = {
    query: (...args: Parameters<PGlite["query"]>) => guarded((c) => c.query(...args)),
    transaction: (callback: Parameters<PGlite["transaction"]>[0]) => guarded((c) => c.transaction(callback)),
    exec: (...args: Parameters<PGlite["exec"]>) => guarded((c) => c.exec(...args)),
  } as unknown as PGlite;

  const db = drizzlePglite({ client: resilient, schema, casing: "snake_case", logger }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    label,
    async listen(channel, onPayload) {
      const subscription = { channel, onPayload, unsubscribe: await guarded((c) => c.listen(channel, onPayload)) };
      subscriptions.add(subscription);
      return async () => {
        subscriptions.delete(subscription);
        if (!outage) await subscription.unsubscribe();
      };
    },
    storage: async () => (dataDir ? readStorageSpace(dataDir) : null),
    async close() {
      closed = true;
      clearTimeout(reopenTimer);
      if (!outage) await client.close();
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
