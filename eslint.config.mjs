// Lint = the import rules of the architecture (STYLE.md §2) plus typescript-eslint's recommended set.
// Import cycles are checked by madge in `npm run lint`; folder loops and bench/ -> tests/ by dependency-cruiser
// (.dependency-cruiser.cjs, scripts/check-dependencies.mjs).
import tseslint from "typescript-eslint";

const processEnvRule = [
  "error",
  { object: "process", property: "env", message: "Read configuration through lib/env.ts (web) or workers/tts/env.ts (worker)." },
];

export default tseslint.config(
  {
    ignores: [".scratch/**", ".next/**", "node_modules/**", ".data/**", ".models/**", "next-env.d.ts", "drizzle/migrations/**", "bench/.work/**", "test-results/**", "playwright-report/**"],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": processEnvRule,
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/(lib/db|drizzle)(/|$)", message: "app/ reaches the database only through a lib/<domain> use-case." },
            { regex: "^@/lib/[^/]+/queries$", message: "app/ calls use-cases (lib/<domain>/index.ts), not queries." },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    ignores: ["lib/db/**", "lib/*/queries.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^@/app(/|$)", message: "lib/ never imports app/." }] },
      ],
    },
  },
  {
    files: ["workers/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+(app|drizzle|tests|scripts|bench)(/|$)|(\\.\\./)+lib/(?!protocol/))",
              message: "workers/ imports only lib/protocol/ (the wire contract and audio formats) from this repo.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/|\\.\\./)", message: "lib/protocol/ is a leaf: it imports zod, the MP3 encoder and its own files only." }] },
      ],
    },
  },
  {
    // bench/ and tests/ share code only through harness/ (dependency-cruiser checks the same on the whole graph,
    // dynamic imports included; this says it in the editor).
    files: ["bench/**/*.{ts,mjs}", "harness/**/*.{ts,mjs}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(@/tests|(\\.\\./)+tests)(/|$)", message: "bench/ and harness/ never import tests/: move what both need into harness/." }] },
      ],
    },
  },
  {
    // The env modules own process.env; config files, scripts, tests, benchmarks and their harness set up processes.
    files: ["lib/env.ts", "workers/tts/env.ts", "*.config.{ts,mjs}", "instrumentation.ts", "scripts/**", "tests/**", "bench/**", "harness/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
