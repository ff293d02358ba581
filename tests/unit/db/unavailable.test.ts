import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

const netError = (code: string, port: number) => Object.assign(new Error(`connect ${code} 127.0.0.1:${port}`), { code, errno: -111, syscall: "connect", address: "127.0.0.1", port });
const drizzle = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { name: "DrizzleQueryError", cause });

describe("isDatabaseUnavailable", () => {
  it("knows a lost or refused database connection, however it is wrapped", () => {
    expect(isDatabaseUnavailable(drizzle(netError("ECONNREFUSED", 6543)), 5432)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed to get session", { cause: drizzle(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })) }), null)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connection failure"), { code: "08006" }))).toBe(true);
    // A transaction that could not begin is not wrapped by Drizzle: the error is on the database's port.
    expect(isDatabaseUnavailable(netError("ECONNREFUSED", 5432), 5432)).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([netError("ECONNREFUSED", 5432), netError("ECONNREFUSED", 5432)]), 5432)).toBe(true);
  });

  it("leaves everything else a 500: wrong queries, and the same network codes from a TTS worker or a webhook", () => {
    expect(isDatabaseUnavailable(drizzle(Object.assign(new Error("syntax error"), { code: "42601" })), 5432)).toBe(false);
    expect(isDatabaseUnavailable(drizzle(Object.assign(new Error("invalid byte sequence"), { code: "22021" })), 5432)).toBe(false);
    expect(isDatabaseUnavailable(netError("ECONNREFUSED", 8787), 5432)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("fetch failed", { cause: netError("ECONNREFUSED", 443) }), null)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
