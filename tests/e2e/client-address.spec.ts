// Rate limits key on the client's real address under `npm start`'s own server: a direct client that writes
// a new X-Forwarded-For on every sign-in attempt still gets 429; with TRUSTED_PROXIES, the address the
// proxy added is the client. Each client here connects from its own loopback address (127.x.y.z).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { getFreePort } from "../../harness/worker-process";
import { attemptSignIn } from "../helpers/sign-in-attempt";

const root = path.resolve(import.meta.dirname, "../..");
const ATTEMPTS = 10;
const LIMITED = [...Array<number>(5).fill(401), ...Array<number>(ATTEMPTS - 5).fill(429)];

async function attempts(url: string, localAddress: string, forwardedFor: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < ATTEMPTS; i++) statuses.push(await attemptSignIn(url, { email: "nobody@brightsmile.test", origin: url, forwardedFor: forwardedFor(i), localAddress }));
  return statuses;
}

test("npm start: ten sign-in attempts with rotating X-Forwarded-For from one direct client get 429 after five", async ({ baseURL }) => {
  expect(await attempts(baseURL!, "127.0.0.2", (i) => `203.0.113.${i + 1}`)).toEqual(LIMITED);
});

test.describe("behind a trusted proxy", () => {
  let web: ChildProcess | undefined;
  let output = "";
  test.afterAll(async () => {
    if (web && web.exitCode === null) {
      const exited = new Promise((resolve) => web!.once("exit", resolve));
      web.kill("SIGTERM");
      await exited;
    }
  });

  test("TRUSTED_PROXIES: the address the proxy added is the client, and only the proxy is believed", async () => {
    test.setTimeout(180_000);
    const port = await getFreePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = path.join(root, "tests/.artifacts/e2e-trusted-proxy");
    fs.rmSync(dataDir, { recursive: true, force: true });
    web = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/web-server.ts"), "--port", String(port)], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", APP_URL: url, PGLITE_DIR: path.join(dataDir, "pglite"), AUTH_SECRET: randomBytes(32).toString("hex"), TRUSTED_PROXIES: "127.0.0.3" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    web.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    web.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await expect
      .poll(async () => {
        if (web!.exitCode !== null) throw new Error(`web exited (${web!.exitCode}):\n${output}`);
        return (await fetch(`${url}/api/health`).catch(() => null))?.status;
      }, { timeout: 120_000, intervals: [500] })
      .toBe(200);
    expect(output).toContain("behind trusted proxies: 127.0.0.3");

    // Through the proxy (127.0.0.3): ten clients, ten budgets.
    expect(await attempts(url, "127.0.0.3", (i) => `198.51.100.${i + 1}`)).toEqual(Array(ATTEMPTS).fill(401));
    // One client behind it, whatever it writes in front of the proxy's entry: one budget.
    expect(await attempts(url, "127.0.0.3", (i) => `192.0.2.${i + 1}, 198.51.100.200`)).toEqual(LIMITED);
    // Anyone else writing X-Forwarded-For is not the proxy: keyed on its own socket address.
    expect(await attempts(url, "127.0.0.4", (i) => `198.51.100.${i + 101}`)).toEqual(LIMITED);
  });
});
