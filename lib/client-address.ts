import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/**
 * Whose request is this? Rate limits (sign-in, preview pages and audio) key on the client's address, so
 * it must be one the client cannot choose. A client writes any X-Forwarded-For it likes, and `next start`
 * drops the socket's address when the header is present, so the app's own server (scripts/web-server.ts)
 * puts the address in CLIENT_ADDRESS_HEADER on every request, replacing whatever a client sent: the
 * socket's peer, or with TRUSTED_PROXIES the right-most X-Forwarded-For address those proxies did not
 * add (proxy-addr, as Express's "trust proxy" does). On Vercel the platform's own header is the one.
 * This module reads no configuration, so a test can load it before it sets the environment.
 */
export const CLIENT_ADDRESS_HEADER = "x-client-address";
/** Vercel sets it to the address its edge saw, whatever the client sent. */
const PLATFORM_ADDRESS_HEADER = "x-real-ip";

type Holder = { __voiceClientAddressHeaderTrusted?: boolean };
// On globalThis: the server script and Next.js's route, page and proxy bundles are separate module graphs.
const holder = globalThis as Holder;

/** Called by the app's server before Next.js starts: from then on CLIENT_ADDRESS_HEADER is the server's own. */
export function trustClientAddressHeader(): void {
  holder.__voiceClientAddressHeaderTrusted = true;
}

/**
 * The header this deployment's client address is read from (`serverlessHost` is env.serverlessHost), or
 * null where nothing trustworthy sets one: a bare `next start`, whose clients could write any header.
 */
export function clientAddressHeader(serverlessHost: string | null): string | null {
  if (holder.__voiceClientAddressHeaderTrusted) return CLIENT_ADDRESS_HEADER;
  return serverlessHost === "VERCEL" ? PLATFORM_ADDRESS_HEADER : null;
}

/** proxy-addr's trust test for TRUSTED_PROXIES: none (the socket's peer is the client), a hop count, or addresses. */
export function compileProxyTrust(setting: number | string[] | undefined): (address: string, hop: number) => boolean {
  if (setting === undefined) return () => false;
  if (typeof setting === "number") return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
}

/** What the app's server does to each request before Next.js sees it. */
export function stampClientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): void {
  delete req.headers[CLIENT_ADDRESS_HEADER];
  // A socket that closed already has no address; such a request is answered by nobody anyway.
  req.headers[CLIENT_ADDRESS_HEADER] = proxyAddr(req, trust) ?? "unknown";
}

/**
 * The rate-limit key of a request: its client address, or "unknown" (one shared budget) where the
 * deployment gives none, so rotating a header never buys a fresh budget.
 */
export function clientAddressKey(headers: { get(name: string): string | null }, serverlessHost: string | null): string {
  const header = clientAddressHeader(serverlessHost);
  const address = header ? headers.get(header)?.split(",")[0]?.trim() : undefined;
  return (address || "unknown").slice(0, 64);
}
