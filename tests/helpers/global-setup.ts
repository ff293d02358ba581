import type { TestProject } from "vitest/node";
import { assertLocalDatabaseUrl, createTemplateDatabase, dropDatabase } from "../../harness/postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplateDatabase: string | null;
  }
}

/**
 * Migrates one template database per run on the real Postgres (when TEST_DATABASE_URL is set); each test
 * file then clones it with CREATE DATABASE … TEMPLATE, which is fast and never goes stale like a TRUNCATE list.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log("[integration] databases: PGlite only (set TEST_DATABASE_URL to also run on Postgres)");
    project.provide("pgTemplateDatabase", null);
    return async () => {};
  }
  assertLocalDatabaseUrl(url);
  const template = `voice_test_template_${process.pid}`;
  await createTemplateDatabase(url, template);
  console.log(`[integration] databases: PGlite and Postgres (${new URL(url).host}, template ${template})`);
  project.provide("pgTemplateDatabase", template);
  return async () => {
    await dropDatabase(url, template);
  };
}
