import postgres from "postgres";
import { migrateDatabase, openDatabase } from "@/lib/db";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** Tests and benchmarks create and drop databases: refuse anything that is not on this machine. */
export function assertLocalDatabaseUrl(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`TEST_DATABASE_URL must point at localhost, not "${host}": tests create and drop databases there.`);
  }
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function createTemplateDatabase(url: string, name: string): Promise<void> {
  await admin(url, async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    await sql.unsafe(`create database "${name}"`);
  });
  const database = await openDatabase({ kind: "postgres", url: withDatabaseName(url, name), max: 1 });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
}

export async function cloneDatabase(url: string, template: string, name: string): Promise<void> {
  await admin(url, (sql) => sql.unsafe(`create database "${name}" template "${template}"`));
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await admin(url, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}
