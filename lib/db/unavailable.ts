/**
 * Whether an error means the database cannot be reached right now (refused or dropped connection, server
 * shutting down or starting up, no connection slot free), as opposed to a query that is wrong. Such a
 * failure is the server's and temporary: the HTTP edge answers 503 with Retry-After, so clients and load
 * balancers back off, instead of a 500. The driver's error may sit in the `cause` chain of Drizzle's (and
 * of better-auth's around it).
 *
 * A bare network error (ECONNREFUSED…) counts only when it is the database's: inside a failed Drizzle
 * query, or on the database's port. The same codes from a TTS worker or a webhook are not the database.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN", "ENOTFOUND"]);
// postgres.js's own codes for a connection it lost or could not make.
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 is connection_exception.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

type ErrorLike = { name?: unknown; message?: unknown; code?: unknown; port?: unknown; cause?: unknown; errors?: unknown[] };

const isDrizzleQuery = (e: ErrorLike) => e.name === "DrizzleQueryError" || (typeof e.message === "string" && e.message.startsWith("Failed query:"));

/** `databasePort`: the port of DATABASE_URL, so a connection error on it is the database's (null: PGlite). */
export function isDatabaseUnavailable(error: unknown, databasePort: number | null = null, inQuery = false): boolean {
  const seen = new Set<unknown>();
  let query = inQuery;
  for (let e = error as ErrorLike | undefined; e && typeof e === "object" && !seen.has(e); e = e.cause as ErrorLike | undefined) {
    seen.add(e);
    query ||= isDrizzleQuery(e);
    const code = typeof e.code === "string" ? e.code : "";
    if (DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (NETWORK_CODES.has(code) && (query || (databasePort !== null && Number(e.port) === databasePort))) return true;
    // A connection attempt to every address of a host name fails as one AggregateError.
    if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isDatabaseUnavailable(inner, databasePort, query))) return true;
  }
  return false;
}
