import { describe, inject, it, vi } from "vitest";
import { useClonedAppDatabase } from "../../helpers/cloned-app-database";
import { describeRoleTable } from "./roles";

// Server actions read the session from next/headers: outside Next, the cookie the test signed in with.
vi.mock("next/headers", () => ({ headers: async () => new Headers((globalThis as Record<symbol, Record<string, string>>)[Symbol.for("voice-campaigns.test.action-headers")] ?? {}) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  describeRoleTable(
    "postgres",
    () => useClonedAppDatabase(base, template, "roles", { CRON_SECRET: undefined }),
    "postgres",
  );
} else {
  describe("who may call each route and server action [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
