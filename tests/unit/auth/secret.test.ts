import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AuthSecretError, resolveAuthSecret } from "@/lib/auth/secret";
import { safeNextPath } from "@/lib/auth/schemas";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "voice-secret-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("auth secret", () => {
  it("uses AUTH_SECRET when it is set and writes nothing", () => {
    const file = path.join(tmp(), "auth-secret");
    expect(resolveAuthSecret({ configured: "x".repeat(40), file })).toBe("x".repeat(40));
    expect(fs.existsSync(file)).toBe(false);
  });

  it("creates a secret once (mode 0600) and reads the same one after a restart", () => {
    const file = path.join(tmp(), "nested", "auth-secret");
    const first = resolveAuthSecret({ configured: undefined, file });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret({ configured: undefined, file })).toBe(first);
  });

  it("stops with the fix when the secret cannot be stored (read-only filesystem)", () => {
    // A regular file where the directory should be fails for root too (chmod would not).
    const blocker = path.join(tmp(), "not-a-directory");
    fs.writeFileSync(blocker, "");
    const file = path.join(blocker, "auth-secret");
    expect(() => resolveAuthSecret({ configured: undefined, file })).toThrow(AuthSecretError);
    expect(() => resolveAuthSecret({ configured: undefined, file })).toThrow(/Set AUTH_SECRET .*openssl rand -hex 32/);
  });
});

describe("next path after sign-in", () => {
  it.each([
    ["/campaigns/1?tab=a", "/campaigns/1?tab=a"],
    ["//evil.test/x", "/"],
    ["/\\evil.test", "/"],
    ["https://evil.test", "/"],
    [null, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
