import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A fresh install: its own embedded database and auth secret, before lib/env is read.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-setup-route-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let setupPost: Handler;
const OWNER = { name: "Dana Owner", email: "dana@brightsmile.test", password: "correct horse battery", organizationName: "Bright Smile Dental" };

const post = (body: unknown, headers: Record<string, string> = {}) =>
  setupPost(new NextRequest("http://localhost:3000/api/setup", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }), {
    params: Promise.resolve({}),
  });

beforeAll(async () => {
  setupPost = (await import("@/app/api/setup/route")).POST as Handler;
});
afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("first-run setup", () => {
  it("refuses to create the owner without the setup code, or with a wrong one, and creates nobody", async () => {
    const { setupCodeFile } = await import("@/lib/auth");
    for (const body of [OWNER, { ...OWNER, setupCode: "" }, { ...OWNER, setupCode: "AAAA-BBBB-CCCC-DDDD" }, { ...OWNER, setupCode: 12 }]) {
      const res = await post(body);
      expect(res.status).toBe(401);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("setup_code_invalid");
      // It names the file where this install keeps the code: beside PGLITE_DIR, here a temporary directory.
      expect(error.message).toContain(`saved it in ${setupCodeFile()})`);
      expect(setupCodeFile()).toBe(path.join(dir, "setup-code"));
    }
    const { getDatabase } = await import("@/lib/runtime/resources");
    const { hasAnyUser } = await import("@/lib/auth");
    expect(await hasAnyUser((await getDatabase()).db)).toBe(false);
  });

  it("takes the code the server printed at start (log and .data/setup-code), same-origin only, once", async () => {
    const { setupCodeFile } = await import("@/lib/auth");
    const { announceSetupCodeIfNeeded } = await import("@/lib/runtime/resources");
    const logged: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
    announceSetupCodeIfNeeded(false);
    vi.restoreAllMocks();
    const setupCode = fs.readFileSync(setupCodeFile(), "utf8").trim();
    expect(setupCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(logged.join("\n")).toContain(setupCode);
    expect(fs.statSync(setupCodeFile()).mode & 0o777).toBe(0o600);

    const foreign = await post({ ...OWNER, setupCode }, { origin: "http://localhost:3001", "sec-fetch-site": "same-site" });
    expect(foreign.status).toBe(403);
    // Typed by hand: case and dashes do not matter.
    const created = await post({ ...OWNER, setupCode: setupCode.toLowerCase().replace(/-/g, " ") }, { origin: "http://localhost:3000" });
    expect(created.status).toBe(201);
    expect((await post({ ...OWNER, email: "second@evil.test", setupCode })).status).toBe(409);

    // The next start finds an owner: the code file is removed.
    announceSetupCodeIfNeeded(true);
    expect(fs.existsSync(setupCodeFile())).toBe(false);
  });
});
