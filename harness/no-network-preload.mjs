// Preload for test and benchmark workers (`node --import`), used by harness/worker-process.ts: the TTS worker must never reach
// the network, so every fetch, socket connect or DNS lookup to a non-loopback host is refused and reported
// on stderr as "NETWORK_BLOCKED <target>" (the helper collects these lines). Plain JS so that it also loads
// in worker threads, where the TypeScript loader is not active yet.
import dns from "node:dns";
import net from "node:net";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", ""]);
const isLoopback = (host) => host === undefined || host === null || LOOPBACK.has(String(host)) || String(host).startsWith("127.");

function block(target) {
  process.stderr.write(`NETWORK_BLOCKED ${target}\n`);
  const error = new Error(`network access blocked in tests: ${target}`);
  error.code = "ENETUNREACH";
  return error;
}

const originalFetch = globalThis.fetch;
if (originalFetch) {
  globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (!isLoopback(url.hostname)) throw block(`fetch ${url.href}`);
    return originalFetch(input, init);
  };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  let host;
  let path;
  if (options && typeof options === "object") {
    host = options.host;
    path = options.path;
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    host = typeof args[1] === "string" ? args[1] : undefined;
  } else if (typeof first === "string") {
    path = first;
  }
  if (!path && !isLoopback(host)) {
    const error = block(`connect ${host}:${options?.port ?? first}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, ...rest) {
  if (!isLoopback(hostname)) {
    const callback = rest.find((arg) => typeof arg === "function");
    const error = block(`dns ${hostname}`);
    if (callback) process.nextTick(() => callback(error));
    return {};
  }
  return originalLookup.call(this, hostname, ...rest);
};
const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = async (hostname, ...rest) => {
  if (!isLoopback(hostname)) throw block(`dns ${hostname}`);
  return originalPromisesLookup(hostname, ...rest);
};
