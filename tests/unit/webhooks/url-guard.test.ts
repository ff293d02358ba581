import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { checkWebhookUrl, isPublicAddress, retryDelayMs } from "@/lib/webhooks";
import { guardedLookup } from "@/lib/webhooks/url-guard";

describe("webhook URL guard", () => {
  it("allows public unicast addresses only", () => {
    for (const ip of ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111"]) expect(isPublicAddress(ip), ip).toBe(true);
    for (const ip of ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1", "not an ip"]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
  });

  it("refuses every IPv6 form of a private or reserved IPv4 address, and the forms that are never public", async () => {
    const refused = [
      "::7f00:1", // IPv4-compatible 127.0.0.1
      "::127.0.0.1",
      "::a9fe:a9fe", // 169.254.169.254
      "::8.8.8.8", // IPv4-compatible is deprecated: never a destination
      "::ffff:7f00:1",
      "::ffff:169.254.169.254",
      "::ffff:0:7f00:1", // IPv4-translated (RFC 6145)
      "::ffff:0:10.1.2.3",
      "64:ff9b::7f00:1", // NAT64 (RFC 6052)
      "64:ff9b::192.168.0.1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::808:808", // local-use NAT64 (RFC 8215)
      "2002:7f00:1::", // 6to4 (RFC 3056)
      "2002:a00:1::1",
      "2002:c0a8:101:1::1",
      "2002:a9fe:a9fe::",
      "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo
      "2001:0:a00:1::",
      "::",
      "::1",
    ];
    for (const ip of refused) expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "::ffff:0:8.8.8.8"]) expect(isPublicAddress(ip), ip).toBe(true);
    for (const host of ["[::7f00:1]", "[64:ff9b::a9fe:a9fe]", "[2002:a00:1::1]", "[::ffff:0:7f00:1]"]) {
      const checked = await checkWebhookUrl(`http://${host}:8080/hook`, { allowPrivate: false });
      expect(checked.ok, host).toBe(false);
    }
  });

  it("judges an embedded IPv4 address as the IPv4 address itself, in every form (fuzzed)", () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    fc.assert(
      fc.property(ipv4, ([a, b, c, d]) => {
        const v4 = `${a}.${b}.${c}.${d}`;
        const publicV4 = ipaddr.parse(v4).range() === "unicast";
        const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
        const [high, low] = [hex(a, b), hex(c, d)];
        for (const form of [`::ffff:${v4}`, `::ffff:${high}:${low}`, `::ffff:0:${high}:${low}`, `64:ff9b::${high}:${low}`, `2002:${high}:${low}::1`]) {
          expect(isPublicAddress(form), `${form} (${v4})`).toBe(publicV4);
        }
        for (const form of [`::${high}:${low}`, `64:ff9b:1::${high}:${low}`, `2001:0:${high}:${low}::1`]) expect(isPublicAddress(form), form).toBe(false);
      }),
      { seed: 25, numRuns: 2_000 },
    );
  });

  it("refuses a literal private address without a lookup, and allows it when the install says so", async () => {
    const refused = await checkWebhookUrl("http://[fd00::1]:8080/hook", { allowPrivate: false });
    expect(refused.ok || refused.error.message).toBe(
      "fd00::1 resolves to fd00::1, a private or local address; webhooks go to public addresses only. To deliver to a dialer on your own network, the server's operator sets WEBHOOKS_ALLOW_PRIVATE_URLS=1 and restarts the app.",
    );
    expect((await checkWebhookUrl("http://127.0.0.1:8080/hook", { allowPrivate: true })).ok).toBe(true);
  });

  it("refuses at connect time a host name that resolves to loopback (a saved URL whose DNS changed)", async () => {
    const server = http.createServer((_req, res) => res.end("inside")).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
    try {
      const guarded = new Agent({ connect: { lookup: guardedLookup({ allowPrivate: false }) } });
      await expect(request(url, { dispatcher: guarded })).rejects.toMatchObject({ code: "EPRIVATE" });
      const allowed = new Agent({ connect: { lookup: guardedLookup({ allowPrivate: true }) } });
      expect((await request(url, { dispatcher: allowed })).statusCode).toBe(200);
      await Promise.all([guarded.close(), allowed.close()]);
    } finally {
      server.close();
    }
  });

  it("backs off exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 30_000, 100_000))).toEqual([30_000, 60_000, 100_000, 100_000, 100_000]);
  });
});
