import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { vi } from "vitest";
import { describeRoleTable } from "./roles";

// Server actions read the session from next/headers: outside Next, the cookie the test signed in with.
vi.mock("next/headers", () => ({ headers: async () => new Headers((globalThis as Record<symbol, Record<string, string>>)[Symbol.for("voice-campaigns.test.action-headers")] ?? {}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

describeRoleTable("pglite", async () => {
  // The handlers open the app's own database and auth secret: a throwaway directory, before lib/env is read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-roles-"));
  process.env.PGLITE_DIR = path.join(dir, "pglite");
  delete process.env.DATABASE_URL;
  delete process.env.AUTH_SECRET;
  delete process.env.CRON_SECRET;
  return async () => fs.rmSync(dir, { recursive: true, force: true });
});
