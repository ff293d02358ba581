import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations
import { findLoopEdges } from "../../../scripts/check-dependencies.mjs";

const root = path.resolve(import.meta.dirname, "../../..");
const script = path.join(root, "scripts/check-dependencies.mjs");
const UNIT = "^(?:.*/)?lib/[^/]+";

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A small tree with the repository's dependency rules and an empty known list, checked by the script that
 * `npm run lint` runs: its exit code and output.
 */
async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), "dependency-rules-"));
  trees.push(dir);
  const all: Record<string, string> = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler", strict: true } }),
    "rules.cjs": `const base = require(${JSON.stringify(path.join(root, ".dependency-cruiser.cjs"))});
module.exports = { forbidden: base.forbidden, options: base.options };
Object.defineProperty(module.exports, "folderCycles", { enumerable: false, value: { unit: base.folderCycles.unit, known: [] } });
`,
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const folders = [...new Set(Object.keys(files).map((f) => f.split("/")[0]!))];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, "--config", "rules.cjs", "--cwd", dir, ...folders], { cwd: dir });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe("dependency rules", () => {
  it("names each folder dependency that closes a loop, with the imports behind it", () => {
    const found = findLoopEdges(
      [
        ["lib/a/x.ts", "lib/b/y.ts"],
        ["lib/b/y.ts", "lib/top.ts"],
        ["lib/top.ts", "lib/a/z.ts"],
        ["lib/a/x.ts", "lib/a/z.ts"],
        ["lib/c/w.ts", "lib/a/x.ts"],
      ],
      UNIT,
    );
    expect(found).toEqual([
      { edge: "lib/a -> lib/b", loop: "lib/a -> lib/b -> lib/top.ts -> lib/a", imports: ["lib/a/x.ts -> lib/b/y.ts"] },
      { edge: "lib/b -> lib/top.ts", loop: "lib/b -> lib/top.ts -> lib/a -> lib/b", imports: ["lib/b/y.ts -> lib/top.ts"] },
      { edge: "lib/top.ts -> lib/a", loop: "lib/top.ts -> lib/a -> lib/b -> lib/top.ts", imports: ["lib/top.ts -> lib/a/z.ts"] },
    ]);
  });

  it("passes a tree whose folders depend one way", { timeout: 60_000 }, async () => {
    const result = await check({
      "lib/a/x.ts": 'import { y } from "../b/y";\nexport const x = y;\n',
      "lib/b/y.ts": "export const y = 1;\n",
    });
    expect(result.output).toContain("no new folder cycle");
    expect(result.code).toBe(0);
  });

  it("fails a folder loop in which no file reaches itself", { timeout: 60_000 }, async () => {
    const result = await check({
      "lib/a/x.ts": 'import { y } from "../b/y";\nexport const x = y;\n',
      "lib/b/y.ts": 'import type { Z } from "../a/z";\nexport const y: Z = 1;\n',
      "lib/a/z.ts": "export type Z = number;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("no-folder-cycle: lib/a -> lib/b closes the loop lib/a -> lib/b -> lib/a, by lib/a/x.ts -> lib/b/y.ts");
    expect(result.output).toContain("no-folder-cycle: lib/b -> lib/a closes the loop lib/b -> lib/a -> lib/b, by lib/b/y.ts -> lib/a/z.ts");
    expect(result.output).not.toContain("no-file-cycle");
  });

  it("fails a file cycle and a benchmark that imports a test helper", { timeout: 60_000 }, async () => {
    const result = await check({
      "lib/a/x.ts": 'import { y } from "./y";\nexport const x = 1;\nexport const z = y;\n',
      "lib/a/y.ts": 'import { x } from "./x";\nexport const y = x;\n',
      "bench/run.ts": 'import { helper } from "../tests/helpers/h";\nexport const run = helper;\n',
      "tests/helpers/h.ts": "export const helper = 1;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain("no-file-cycle: lib/a/x.ts -> lib/a/y.ts");
    expect(result.output).toContain("bench-not-tests: bench/run.ts -> tests/helpers/h.ts");
  });
});
