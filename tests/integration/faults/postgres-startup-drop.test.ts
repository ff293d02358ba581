import net from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Database } from "@/lib/db";
import { assertLocalDatabaseUrl } from "../../../harness/postgres-admin";

// A new postgres.js connection first asks the server for its array types. When the database goes away during
// that query (a restart, a failover, a killed backend), postgres.js 3.4.9 dropped the query's rejection, and
// an unhandled rejection ends a Node process: the web server would die with the database instead of riding
// out the outage (porsager/postgres#1192, #1205, #1223). patches/postgres+3.4.9.patch catches it. This test
// cuts a connection at exactly that moment through a proxy, deterministically.
const BASE_URL = process.env.TEST_DATABASE_URL;

/** The ErrorResponse a backend sends when it is terminated (pg_terminate_backend, a fast shutdown). */
function terminationMessage(): Buffer {
  const field = (code: string, value: string) => Buffer.concat([Buffer.from(code), Buffer.from(value), Buffer.from([0])]);
  const body = Buffer.concat([
    field("S", "FATAL"),
    field("V", "FATAL"),
    field("C", "57P01"),
    field("M", "terminating connection due to administrator command"),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

type Cut = "terminate" | "drop";

/**
 * A TCP proxy to Postgres that cuts the first connection whose client sends the array-types query: "terminate"
 * answers it as a backend being shut down does (FATAL 57P01, then close); "drop" just closes the socket.
 */
function startCuttingProxy(target: URL, cut: Cut): Promise<{ url: string; cuts: () => number; close: () => Promise<void> }> {
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on("close", () => sockets.delete(client));
    upstream.on("close", () => sockets.delete(upstream));
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("data", (chunk) => {
      if (cuts === 0 && chunk.includes("pg_catalog.pg_type")) {
        cuts++;
        upstream.destroy();
        if (cut === "terminate") client.end(terminationMessage());
        else client.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      const url = new URL(target);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      resolve({
        url: url.toString(),
        cuts: () => cuts,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

describe.skipIf(!BASE_URL).each<Cut>(["terminate", "drop"])("a Postgres connection cut while it starts up (%s)", (cut) => {
  let proxy: Awaited<ReturnType<typeof startCuttingProxy>>;
  let database: Database;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    assertLocalDatabaseUrl(BASE_URL!);
    proxy = await startCuttingProxy(new URL(BASE_URL!), cut);
    process.on("unhandledRejection", onUnhandled);
    database = await openDatabase({ kind: "postgres", url: proxy.url, max: 1 });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await database?.close().catch(() => {});
    await proxy?.close();
  });

  it("fails or retries the query that opened it, raises no unhandled rejection, and serves the next query", async () => {
    const selectOne = async () => rowsOf<{ one: number }>(await database.db.execute(sql`select 1 as one`));
    const first = await selectOne().then(
      (rows) => ({ ok: true as const, rows }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    expect(proxy.cuts()).toBe(1);
    if (first.ok) expect(first.rows).toEqual([{ one: 1 }]);
    else {
      // Drizzle wraps the driver's error ("Failed query: ...") and keeps it as the cause.
      const error = first.error as Error & { cause?: Error };
      expect((error.cause ?? error).message).toMatch(/CONNECTION_CLOSED|ECONNRESET|terminating connection/i);
    }

    expect(await selectOne()).toEqual([{ one: 1 }]);

    // A dropped rejection surfaces after the microtask queue drains; give it a few turns of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
  });
});
