import { defineConfig } from "drizzle-kit";

// Generation only diffs the schema files; it never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./drizzle/schema/index.ts",
  out: "./drizzle/migrations",
  casing: "snake_case",
});
