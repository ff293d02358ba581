import fc from "fast-check";
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
    // Browsers drop tabs and newlines inside URLs: these are //evil.test.
    ["/\t/evil.test", "/"],
    ["/\n/evil.test/x", "/"],
    ["/\r\n/evil.test", "/"],
    ["/\\/evil.test", "/"],
    ["/\t\\evil.test", "/"],
    // A decoded %0a must not reach the Location header (it used to answer 500).
    ["/\ncampaigns", "/campaigns"],
    ["/campaigns\r\nSet-Cookie: x=1", "/campaignsSet-Cookie:%20x=1"],
    ["/caf\u00e9?q=a b#top", "/caf%C3%A9?q=a%20b#top"],
  ])("%j → %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  // A browser resolving the result against the app must stay on the app, for any input at all.
  it("never leaves the app's origin and never yields a control character, for any string (fuzzed)", { timeout: 60_000 }, () => {
    const tricky = fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.array(fc.constantFrom("/", "\\", "\t", "\n", "\r", " ", "%0a", "%2f", "%5c", "evil.test", "@", ":", "?", "#", "..", ".", "http:", "//"), { maxLength: 12 }).map((p) => p.join("")),
    );
    fc.assert(
      fc.property(tricky, (input) => {
        const out = safeNextPath(input);
        expect(out.startsWith("/")).toBe(true);
        expect(/[\u0000-\u001f\u007f\s]/.test(out)).toBe(false);
        for (const origin of ["http://localhost:3000", "https://app.example"]) {
          expect(new URL(out, origin).origin).toBe(origin);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
