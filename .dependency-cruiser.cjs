// Dependency rules that need the whole import graph (eslint sees one file at a time). Run by
// scripts/check-dependencies.mjs in `npm run lint`, which also applies the folder rule below.

/**
 * One unit of the folder rule: a folder right below lib/ (or a file right at lib/'s top), wherever that
 * lib/ is (the check's own tests run it on a small tree elsewhere).
 */
const FOLDER = "^(?:.*/)?lib/[^/]+";

/**
 * Known violations of the folder rule, as found when the rule came in: each a dependency from one unit to
 * another that closes a loop (the shortest loop in brackets). All go away with the restructuring of lib/ that
 * is under way (lib/context.ts types only with nothing below the domains importing it for values, the
 * composition root in lib/runtime/, phone numbers and local date-times below the domains); delete each line
 * then. The check fails on a listed one that no longer exists, so the list cannot go stale, and on any
 * dependency that closes a loop and is not listed. A new one is never added here.
 * Type-only imports count: a loop of types still ties the folders together.
 */
const KNOWN_FOLDER_CYCLES = [
  // lib/contacts/{do-not-call,filter,lists,manage,service}.ts import the Ctx type from lib/context.ts, which imports
  // lib/organizations, whose options, queries and schemas import lib/contacts/phone.ts and lib/contacts/datetime.ts.
  "lib/contacts -> lib/context.ts", // [lib/contacts -> lib/context.ts -> lib/organizations -> lib/contacts]
  "lib/context.ts -> lib/organizations", // [lib/context.ts -> lib/organizations -> lib/contacts -> lib/context.ts]
  "lib/organizations -> lib/contacts", // [lib/organizations -> lib/contacts -> lib/context.ts -> lib/organizations]
  // lib/context.ts builds the caller from auth and API keys (runtime imports): the composition root takes these.
  "lib/context.ts -> lib/api-keys", // [lib/context.ts -> lib/api-keys -> lib/auth -> lib/organizations -> lib/contacts -> lib/context.ts]
  "lib/context.ts -> lib/auth", // [lib/context.ts -> lib/auth -> lib/organizations -> lib/contacts -> lib/context.ts]
  // Roles live in lib/auth/roles.ts, which lib/api-keys/service.ts and lib/organizations/service.ts import, while
  // lib/auth imports lib/organizations (index, members, schemas, setup) and lib/api-keys (members.ts revokes keys).
  "lib/api-keys -> lib/auth", // [lib/api-keys -> lib/auth -> lib/api-keys]
  "lib/auth -> lib/api-keys", // [lib/auth -> lib/api-keys -> lib/auth]
  "lib/auth -> lib/organizations", // [lib/auth -> lib/organizations -> lib/auth]
  "lib/organizations -> lib/auth", // [lib/organizations -> lib/auth -> lib/organizations]
  // lib/organizations/{queries,schemas}.ts import lib/audio/profiles.ts; lib/audio/assemble.ts imports lib/renders,
  // which imports lib/lexicon and lib/voices, whose services take the Ctx type from lib/context.ts.
  "lib/organizations -> lib/audio", // [lib/organizations -> lib/audio -> lib/renders -> lib/lexicon -> lib/context.ts -> lib/organizations]
  "lib/audio -> lib/renders", // [lib/audio -> lib/renders -> lib/lexicon -> lib/context.ts -> lib/organizations -> lib/audio]
  "lib/renders -> lib/lexicon", // [lib/renders -> lib/lexicon -> lib/context.ts -> lib/organizations -> lib/audio -> lib/renders]
  "lib/renders -> lib/voices", // [lib/renders -> lib/voices -> lib/context.ts -> lib/organizations -> lib/audio -> lib/renders]
  "lib/lexicon -> lib/context.ts", // [lib/lexicon -> lib/context.ts -> lib/organizations -> lib/audio -> lib/renders -> lib/lexicon]
  "lib/voices -> lib/context.ts", // [lib/voices -> lib/context.ts -> lib/organizations -> lib/audio -> lib/renders -> lib/voices]
  // lib/lexicon/csv.ts reads CSV text with lib/contacts' reader.
  "lib/lexicon -> lib/contacts", // [lib/lexicon -> lib/contacts -> lib/context.ts -> lib/organizations -> lib/audio -> lib/renders -> lib/lexicon]
];

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
