/**
 * Boot of the web process: configuration and database problems stop the server here, with a readable
 * message, instead of surfacing as 500s on the first request.
 */
export async function startServer(): Promise<void> {
  try {
    const { env } = await import("@/lib/env");
    const { hasAnyUser } = await import("@/lib/auth");
    const { announceSetupCodeIfNeeded, getAuthSecret, getDatabase } = await import("./resources");
    // No AUTH_SECRET and nowhere to keep a generated one (read-only filesystem) stops the server here.
    getAuthSecret();
    const database = await getDatabase();
    console.log(JSON.stringify({ level: "info", msg: "database ready", database: database.label }));
    announceSetupCodeIfNeeded(await hasAnyUser(database.db));
    if (env.DISPATCH_MODE === "loop") {
      const { startDispatcherLoop } = await import("./dispatch");
      await startDispatcherLoop();
    }
  } catch (error) {
    console.error(`\nThe web server cannot start:\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
