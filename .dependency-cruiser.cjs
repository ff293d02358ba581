// Dependency rules that need the whole import graph (eslint sees one file at a time). Run by
// scripts/check-dependencies.mjs in `npm run lint`, which also applies the folder rule below.

/**
 * One unit of the folder rule: a folder right below lib/ (or a file right at lib/'s top), wherever that
 * lib/ is (the check's own tests run it on a small tree elsewhere).
 */
const FOLDER = "^(?:.*/)?lib/[^/]+";

/**
 * Folder loops allowed to stand, each a dependency from one unit to another that closes a loop. There are
 * none, and a new one is never added here: take the loop apart instead (a value every domain uses sinks to
 * lib/values/, wiring of several domains rises to lib/runtime/). The check also fails on a listed one that no
 * longer exists, so the list cannot go stale. Type-only imports count: a loop of types still ties the folders
 * together.
 */
const KNOWN_FOLDER_CYCLES = [];

module.exports = {
  forbidden: [
    {
      name: "no-file-cycle",
      severity: "error",
      comment: "A file must not reach itself through its imports (madge checks this too, on app lib workers drizzle).",
      from: {},
      to: { circular: true },
    },
    {
      name: "bench-not-tests",
      severity: "error",
      comment: "bench/ and tests/ share code only through harness/: a benchmark (or the harness) must not depend on a test helper.",
      from: { path: "^(bench|harness)/" },
      to: { path: "^tests/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|\\.data|\\.models|bench/\\.work|drizzle/migrations)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".mjs", ".js", ".json"] },
    reporterOptions: { archi: { collapsePattern: FOLDER }, dot: { collapsePattern: FOLDER } },
  },
};

// Read by scripts/check-dependencies.mjs; not enumerable, so dependency-cruiser's own schema check of this
// file (which allows only its own keys) does not see it.
Object.defineProperty(module.exports, "folderCycles", { enumerable: false, value: { unit: FOLDER, known: KNOWN_FOLDER_CYCLES } });
