import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws outside the react-server condition; lib code is plain Node under test.
  "server-only": path.resolve(import.meta.dirname, "tests/helpers/empty-module.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // Property tests run thousands of cases: on a shared 2-core machine the 5 s default is a timing
        // assertion, which tests here do not make.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/app-server.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files run in parallel forks; each gets its own databases and worker processes.
          pool: "forks",
          maxWorkers: 2,
        },
      },
    ],
  },
});
