import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddressKey, compileProxyTrust, stampClientAddress, trustClientAddressHeader } from "@/lib/client-address";

/** A real node:http server that stamps each request as the app's server does, and answers with the stamp. */
async function stampingServer(setting: number | string[] | undefined) {
  const trust = compileProxyTrust(setting);
  const server = http.createServer((req, res) => {
    stampClientAddress(req, trust);
    res.end(req.headers[CLIENT_ADDRESS_HEADER]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  /** GET from `localAddress` (any 127.x.y.z is this machine) with these headers; the address the server stamped. */
  return (headers: Record<string, string>, localAddress = "127.0.0.1") =>
    new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, localAddress, headers, agent: false }, (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => resolve(body));
        })
        .on("error", reject);
    });
}
const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe("the client address the app's server stamps on each request", () => {
  it("is the socket's peer by default, whatever X-Forwarded-For or the stamp header itself the client sent", async () => {
    const get = await stampingServer(undefined);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add(await get({ "x-forwarded-for": `203.0.113.${i}`, [CLIENT_ADDRESS_HEADER]: `198.51.100.${i}` }, "127.0.0.2"));
    expect([...seen]).toEqual(["127.0.0.2"]);
  });

  it("is the right-most X-Forwarded-For address the trusted proxies did not add", async () => {
    const chain = { "x-forwarded-for": "198.51.100.7, 203.0.113.9, 10.0.0.5" };
    // The socket's peer is the trusted proxy: it appended 10.0.0.5, the address that reached it.
    expect(await (await stampingServer(["127.0.0.3"]))(chain, "127.0.0.3")).toBe("10.0.0.5");
    // An inner proxy network is trusted too: the first address from outside it is the client's.
    expect(await (await stampingServer(["127.0.0.3", "10.0.0.0/8"]))(chain, "127.0.0.3")).toBe("203.0.113.9");
    // A hop count trusts that many proxies, whoever they are.
    expect(await (await stampingServer(2))(chain, "127.0.0.4")).toBe("203.0.113.9");
    // A client that is not a trusted proxy is itself the client, whatever chain it wrote.
    expect(await (await stampingServer(["127.0.0.3"]))(chain, "127.0.0.4")).toBe("127.0.0.4");
  });

  it("is read only where something trustworthy set it, and one shared key elsewhere", () => {
    const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.9", "x-real-ip": "198.51.100.2", "x-forwarded-for": "192.0.2.1" });
    // A bare `next start`: clients could write any of these, so none is believed.
    expect(clientAddressKey(headers, null)).toBe("unknown");
    // Vercel overwrites x-real-ip with the address its edge saw.
    expect(clientAddressKey(headers, "VERCEL")).toBe("198.51.100.2");
    trustClientAddressHeader();
    expect(clientAddressKey(headers, null)).toBe("203.0.113.9");
    expect(clientAddressKey(new Headers({ [CLIENT_ADDRESS_HEADER]: "a".repeat(10_000) }), null)).toHaveLength(64);
  });
});
