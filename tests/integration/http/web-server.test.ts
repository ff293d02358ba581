// The node:http server `npm start` runs Next.js on (lib/web-server.ts), around a stand-in for Next.js that
// reads the whole body before answering, as a route handler does.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Server } from "node:http";
import { createWebServer } from "@/lib/web-server";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(options: { requestTimeoutMs?: number; headersTimeoutMs?: number } = {}) {
  const seen: string[] = [];
  server = createWebServer(
    (req, res) => {
      seen.push(req.url ?? "");
      req.on("data", () => {});
      req.on("end", () => res.end("handled"));
    },
    { trust: () => false, ...options },
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

/** Sends raw bytes and collects everything the server answers until it closes the connection. */
function exchange(port: number, send: (socket: net.Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => send(socket));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("the web server's edge", () => {
  it("answers a path whose percent-encoding does not decode with 400 before Next.js sees it: JSON for the API, text for pages", async () => {
    const { port, seen } = await start();
    const api = await fetch(`http://127.0.0.1:${port}/api/lists/%FF`);
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "validation_failed", message: expect.stringContaining("percent-encoding") });
    for (const path of ["/p/%FF", "/contacts/%E0%A4%A", "/%"]) {
      const page = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(page.status, path).toBe(400);
      expect(await page.text()).toContain("malformed percent-encoding");
    }
    // Well-formed escapes, and a bad escape in the query only (the route's own parsing reads it), pass.
    const fine = await fetch(`http://127.0.0.1:${port}/contacts/Zo%C3%AB?search=%FF`);
    expect(fine.status).toBe(200);
    expect(seen).toEqual(["/contacts/Zo%C3%AB?search=%FF"]);
  });

  it("cuts off a sender whose body is still arriving at the request timeout with 408 and closes the connection", async () => {
    const { port, seen } = await start({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
    const answer = await exchange(port, (socket) => {
      socket.write("POST /api/lists HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":");
      // …and nothing more: the rest of the 1,000 bytes never comes.
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(seen).toEqual(["/api/lists"]);
  });

  it("cuts off a sender whose headers never end", async () => {
    const { port, seen } = await start({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
    const answer = await exchange(port, (socket) => socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(seen).toEqual([]);
  });

  it("sets both timeouts by default, far below Node's 300 s", async () => {
    await start();
    expect(server!.requestTimeout).toBe(60_000);
    expect(server!.headersTimeout).toBe(30_000);
  });
});
