import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, inject, it } from "vitest";
import { describeControlCharacters } from "./control-characters";

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  describeControlCharacters("postgres", async () => {
    // The app's own database for this file is a fresh clone of the migrated template, set before anything
    // reads lib/env (postgres-admin imports lib/db, so it is imported after).
    const name = `voice_test_${randomBytes(6).toString("hex")}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-control-chars-pg-"));
    const url = new URL(base);
    url.pathname = `/${name}`;
    process.env.PGLITE_DIR = path.join(dir, "pglite");
    process.env.DATABASE_URL = url.toString();
    delete process.env.AUTH_SECRET;
    const { assertLocalDatabaseUrl, cloneDatabase, dropDatabase } = await import("../../helpers/postgres-admin");
    assertLocalDatabaseUrl(base);
    await cloneDatabase(base, template, name);
    return async () => {
      await dropDatabase(base, name);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }, "postgres");
} else {
  describe("control characters in text inputs [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
