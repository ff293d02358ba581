import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// postgres.js 3.4.9 has two ways to end the process when the database goes away, both caught by the fault tests:
// - an uncatchable TypeError from a setImmediate when a connection closes with a write still buffered
//   (porsager/postgres#1154, #1208; tests/integration/faults/postgres-restart.test.ts);
// - an unhandled rejection when a new connection is cut during its array-types query (porsager/postgres#1192,
//   #1205, #1223; tests/integration/faults/postgres-startup-drop.test.ts).
// patches/postgres+3.4.9.patch (applied by patch-package at install) guards both; this fails if an upgrade or
// a skipped postinstall drops a guard.
describe("the postgres.js driver", () => {
  it("has both guards in every build the app can load", () => {
    const root = path.resolve(import.meta.dirname, "../../../node_modules/postgres");
    for (const build of ["src", "cjs/src"]) {
      const source = fs.readFileSync(path.join(root, build, "connection.js"), "utf8");
      expect(source, build).toMatch(/function nextWrite\(fn\) \{\s+if \(!socket\) \{/);
      expect(source, build).toContain("return fetchArrayTypes().catch(noop)");
    }
  });
});
