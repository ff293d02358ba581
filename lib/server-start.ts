/**
 * Boot of the web process: configuration and database problems stop the server here, with a readable
 * message, instead of surfacing as 500s on the first request.
 */
export async function startServer(): Promise<void> {
  try {
    const { env } = await import("@/lib/env");
    const { getAppContext } = await import("@/lib/context");
    const { database } = await getAppContext();
    console.log(JSON.stringify({ level: "info", msg: "database ready", database: database.label }));
    if (env.DISPATCH_MODE === "loop") {
      const { startDispatcherLoop } = await import("@/lib/renders/dispatch-loop");
      await startDispatcherLoop();
    }
  } catch (error) {
    console.error(`\nThe web server cannot start:\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
