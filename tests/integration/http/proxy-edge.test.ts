// proxy.ts, the gate in front of every page under any server (`npm start`, `next start`, Vercel): what it
// answers itself before a page or a server action runs.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "voice-proxy-edge-"));
process.env.PGLITE_DIR = path.join(dir, "db");
delete process.env.DATABASE_URL;

let proxy: (request: NextRequest) => Promise<Response>;
beforeAll(async () => {
  proxy = (await import("@/proxy")).proxy;
});
afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  rmSync(dir, { recursive: true, force: true });
});

const APP = "http://localhost:3000";
const SESSION = { cookie: "better-auth.session_token=anything" };

describe("proxy.ts", () => {
  it("answers a page address that does not decode, or holds control characters, with the bad-address page and 400", async () => {
    for (const address of ["/p/%FF", "/contacts/%FF", "/campaigns/%E0%A4%A", "/contacts?search=%00", "/contacts?search=a%1Bb", "/lists/a%00b"]) {
      const res = await proxy(new NextRequest(new URL(address, APP), { headers: SESSION }));
      expect(res.status, address).toBe(400);
      expect(res.headers.get("x-middleware-rewrite"), address).toBe(`${APP}/unavailable/bad-address`);
    }
    const fine = await proxy(new NextRequest(new URL("/contacts?search=Zo%C3%AB%09", APP), { headers: SESSION }));
    expect(fine.status).toBe(200);
    expect(fine.headers.get("x-middleware-rewrite")).toBeNull();
  });

  it("refuses a server action posted from another origin with 403, signed in or not, and lets the app's own through", async () => {
    const action = (headers: Record<string, string>) =>
      proxy(new NextRequest(new URL("/team", APP), { method: "POST", headers: { "next-action": "7f00aa", "content-type": "text/plain;charset=UTF-8", ...headers }, body: "[]" }));
    const foreign: Record<string, string>[] = [{ origin: "http://evil.test", ...SESSION }, { origin: "http://localhost:3001" }, { "sec-fetch-site": "cross-site", ...SESSION }];
    for (const headers of foreign) {
      const res = await action(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    }
    const own = await action({ origin: APP, "sec-fetch-site": "same-origin", ...SESSION });
    expect(own.status).toBe(200);
  });
});
