import { describe, inject, it } from "vitest";
import { useClonedAppDatabase } from "../../helpers/cloned-app-database";
import { describeKeyRequests } from "./key-requests";

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  describeKeyRequests("postgres", () => useClonedAppDatabase(base, template, "api-keys"), "postgres");
} else {
  describe("requests authenticated by an API key [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
