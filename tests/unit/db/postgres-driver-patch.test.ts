import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// postgres.js 3.4.9 throws an uncatchable TypeError from a setImmediate when a connection closes with a write
// still buffered (porsager/postgres#1154, #1208): a Postgres restart could crash the web process, which
// tests/integration/faults/postgres-restart.test.ts caught. patches/postgres+3.4.9.patch (applied by
// patch-package at install) guards it; this fails if an upgrade or a skipped postinstall drops the guard.
describe("the postgres.js driver", () => {
  it("has the closed-socket guard in every build the app can load", () => {
    const root = path.resolve(import.meta.dirname, "../../../node_modules/postgres");
    for (const build of ["src", "cjs/src"]) {
      const source = fs.readFileSync(path.join(root, build, "connection.js"), "utf8");
      expect(source, build).toMatch(/function nextWrite\(fn\) \{\s+if \(!socket\) \{/);
    }
  });
});
