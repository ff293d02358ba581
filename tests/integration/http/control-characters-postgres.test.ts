import { describe, inject, it } from "vitest";
import { useClonedAppDatabase } from "../../helpers/cloned-app-database";
import { describeControlCharacters } from "./control-characters";

const base = process.env.TEST_DATABASE_URL;
const template = inject("pgTemplateDatabase");

if (base && template) {
  describeControlCharacters("postgres", () => useClonedAppDatabase(base, template, "control-chars"), "postgres");
} else {
  describe("control characters in text inputs [postgres]", () => {
    it.skip("needs TEST_DATABASE_URL (see .ci/run)", () => {});
  });
}
