import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Points this test file's app at its own database: a fresh clone of the migrated template on the Postgres at
 * `base`, set in DATABASE_URL (and PGLITE_DIR at a temporary directory) before anything reads lib/env, so
 * postgres-admin (which imports lib/db) is imported only after. `env` sets more variables for the file
 * (undefined deletes one; AUTH_SECRET is always deleted). Returns the clean-up.
 */
export async function useClonedAppDatabase(
  base: string,
  template: string,
  label: string,
  env: Record<string, string | undefined> = {},
): Promise<() => Promise<void>> {
  const name = `voice_test_${randomBytes(6).toString("hex")}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `voice-${label}-pg-`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.PGLITE_DIR = path.join(dir, "pglite");
  process.env.DATABASE_URL = url.toString();
  delete process.env.AUTH_SECRET;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const { assertLocalDatabaseUrl, cloneDatabase, dropDatabase } = await import("../../harness/postgres-admin");
  assertLocalDatabaseUrl(base);
  await cloneDatabase(base, template, name);
  return async () => {
    await dropDatabase(base, name);
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
