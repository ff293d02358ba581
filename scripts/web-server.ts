/**
 * The web process of `npm start` (and `npm run dev`): Next.js on a node:http server of its own, for one
 * reason: only the server sees the socket a request came in on. Every request gets the client's address
 * in CLIENT_ADDRESS_HEADER (lib/client-address.ts), replacing anything a client sent under that name,
 * before Next.js sees it; the rate limits key on it. It also answers a malformed path 400 and cuts off slow
 * senders (lib/web-server.ts). Otherwise it does what `next start -p <port>` does, including its shutdown:
 * stop accepting, finish what is in flight, let Next.js clean up, exit.
 *
 *   tsx scripts/web-server.ts --port 3000 [--dev]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { compileProxyTrust, trustClientAddressHeader } from "@/lib/client-address";
import { env } from "@/lib/env";
import { createWebServer } from "@/lib/web-server";

const { values } = parseArgs({ options: { port: { type: "string", default: process.env.PORT ?? "3000" }, dev: { type: "boolean", default: false } } });
const port = Number(values.port);
const dev = values.dev ?? false;

trustClientAddressHeader();
const trust = compileProxyTrust(env.TRUSTED_PROXIES);
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createWebServer(handle, { trust });
// Hot reload in development talks over a websocket.
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, () => {
  const proxies = env.TRUSTED_PROXIES === undefined ? "clients connect directly" : `behind trusted proxies: ${String(env.TRUSTED_PROXIES)}`;
  console.log(`Ready on http://localhost:${port} (${proxies})`);
});

let closing = false;
function shutdown(signal: "SIGINT" | "SIGTERM"): void {
  if (closing) return;
  closing = true;
  server.close(() => {
    void app.close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
  server.closeIdleConnections();
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
