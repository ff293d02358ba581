// npm run db:migrate: apply drizzle/migrations to the configured database. With the embedded database this
// refuses to run while the app holds it (the app migrates itself at start anyway).
try {
  const { getDatabase } = await import("@/lib/runtime/resources");
  const database = await getDatabase();
  console.log(`Database is up to date (${database.label}).`);
  await database.close();
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

export {};
