import { describe, inject, it } from "vitest";
import { useClonedAppDatabase } from "../../helpers/cloned-app-database";
import { describeOpenApiFuzz } from "./openapi-fuzz";

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  // No TTS worker: nothing listens on this loopback port, so routes that need one answer without it.
  describeOpenApiFuzz("postgres", () => useClonedAppDatabase(base, template, "openapi-fuzz", { TTS_WORKER_URLS: "http://127.0.0.1:1" }), "postgres");
} else {
  describe("a fuzz of every OpenAPI operation [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
