/**
 * The node:http server that `npm start` runs Next.js on (scripts/web-server.ts), as a function so tests run
 * the same server around a stand-in for Next.js. Before a request reaches Next.js it gets the client's
 * address (lib/client-address.ts), and a path whose percent-encoding does not decode is answered 400
 * here: Next.js fails on it while matching a dynamic route and answers a plain-text 500.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { stampClientAddress } from "@/lib/client-address";
import { hasMalformedPath } from "@/lib/http/text-input";

/**
 * A request's headers must arrive within HEADERS_TIMEOUT_MS, and all of it, body included, within
 * REQUEST_TIMEOUT_MS (Node's default is 300 s): a 5 MB CSV at 1 Mbit/s takes 40 s. A sender still sending
 * then gets 408 and its connection closed, so slow senders cannot hold sockets and memory for minutes.
 * Only the request is timed: a long answer (a progress stream, an export) is not cut.
 */
export const WEB_HEADERS_TIMEOUT_MS = 30_000;
export const WEB_REQUEST_TIMEOUT_MS = 60_000;

export type WebServerOptions = {
  trust: (address: string, hop: number) => boolean;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
};

function answerMalformedPath(req: IncomingMessage, res: ServerResponse): void {
  const message = "The address has a malformed percent-encoding (a % not followed by an escape that decodes as UTF-8).";
  const api = (req.url ?? "").startsWith("/api/");
  res.statusCode = 400;
  res.setHeader("content-type", api ? "application/json" : "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(api ? JSON.stringify({ error: { code: "validation_failed", message } }) : `Bad request. ${message}\n`);
  // Its body, if any, is not wanted.
  req.resume();
}

export function createWebServer(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>, options: WebServerOptions): http.Server {
  const headersTimeout = options.headersTimeoutMs ?? WEB_HEADERS_TIMEOUT_MS;
  const requestTimeout = options.requestTimeoutMs ?? WEB_REQUEST_TIMEOUT_MS;
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks these timeouts only this often (30 s by default); short ones need a shorter interval.
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(Math.min(headersTimeout, requestTimeout) / 4))),
    },
    (req, res) => {
      stampClientAddress(req, options.trust);
      if (hasMalformedPath(req.url ?? "/")) return answerMalformedPath(req, res);
      void handle(req, res);
    },
  );
  return server;
}
