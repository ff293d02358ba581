import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
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

  it("refuses a literal private address without a lookup, and allows it when the install says so", async () => {
    const refused = await checkWebhookUrl("http://[fd00::1]:8080/hook", { allowPrivate: false });
    expect(refused.ok || refused.error.message).toBe("fd00::1 resolves to fd00::1, a private or local address; webhooks go to public addresses only.");
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
