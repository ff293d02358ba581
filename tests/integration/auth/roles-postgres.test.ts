import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, inject, it, vi } from "vitest";
import { describeRoleTable } from "./roles";

// Server actions read the session from next/headers: outside Next, the cookie the test signed in with.
vi.mock("next/headers", () => ({ headers: async () => new Headers((globalThis as Record<symbol, Record<string, string>>)[Symbol.for("voice-campaigns.test.action-headers")] ?? {}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  describeRoleTable(
    "postgres",
    async () => {
      // The app's own database for this file is a fresh clone of the migrated template, set before anything
      // reads lib/env (postgres-admin imports lib/db, so it is imported after).
      const name = `voice_test_${randomBytes(6).toString("hex")}`;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-roles-pg-"));
      const url = new URL(base);
      url.pathname = `/${name}`;
      process.env.PGLITE_DIR = path.join(dir, "pglite");
      process.env.DATABASE_URL = url.toString();
      delete process.env.AUTH_SECRET;
      delete process.env.CRON_SECRET;
      const { assertLocalDatabaseUrl, cloneDatabase, dropDatabase } = await import("../../helpers/postgres-admin");
      assertLocalDatabaseUrl(base);
      await cloneDatabase(base, template, name);
      return async () => {
        await dropDatabase(base, name);
        fs.rmSync(dir, { recursive: true, force: true });
      };
    },
    "postgres",
  );
} else {
  describe("who may call each route and server action [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
