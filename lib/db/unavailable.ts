/**
 * Whether an error means the database cannot be reached right now (refused or dropped connection, server
 * shutting down or starting up, no connection slot free), as opposed to a query that is wrong. Such a
 * failure is the server's and temporary: the HTTP edge answers 503 with Retry-After, so clients and load
 * balancers back off, instead of a 500. The driver's error may sit in the `cause` chain of Drizzle's.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN", "ENOTFOUND"]);
// postgres.js's own codes for a connection it lost or could not make.
const DRIVER_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections; class 08 is connection_exception.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined; e && typeof e === "object" && !seen.has(e); e = e.cause as typeof e) {
    seen.add(e);
    const code = typeof e.code === "string" ? e.code : "";
    if (NETWORK_CODES.has(code) || DRIVER_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    // A connection attempt to every address of a host name fails as one AggregateError.
    if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isDatabaseUnavailable(inner))) return true;
  }
  return false;
}
