import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The route modules read lib/env when imported: the app's own database directory, thrown away afterwards.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-openapi-routes-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;

const API_DIR = path.resolve(import.meta.dirname, "../../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** `campaigns/[id]/plan` → `/api/campaigns/{id}/plan`; the catch-all `[...all]` → `{all}`. */
const openApiPath = (d: string) => `/api/${d.split("/").map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/")}`;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the OpenAPI operations of lib/openapi/<domain>.ts", () => {
  it("say who may call each route exactly as its route() handler enforces it", async () => {
    const { routeSpecOf } = await import("@/lib/http");
    const { apiPaths } = await import("@/lib/openapi");
    const declared = apiPaths();
    const routeDirs = fs
      .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => path.dirname(f).split(path.sep).join("/"));
    const mismatches: string[] = [];
    let compared = 0;
    for (const d of routeDirs) {
      const mod = (await import(/* @vite-ignore */ path.join(API_DIR, d, "route.ts"))) as Record<string, unknown>;
      for (const method of METHODS) {
        const spec = routeSpecOf(mod[method]);
        const operation = declared[openApiPath(d) as keyof typeof declared]?.[method.toLowerCase() as "get"];
        if (!spec || !operation) continue;
        compared++;
        const documented = { access: operation.access ?? "session", role: operation.role ?? "staff", scope: operation.scope };
        const enforced = { access: spec.access, role: spec.role, scope: spec.scope };
        if (JSON.stringify(documented) !== JSON.stringify(enforced)) mismatches.push(`${method} ${openApiPath(d)}: documented ${JSON.stringify(documented)}, enforced ${JSON.stringify(enforced)}`);
      }
    }
    expect(compared).toBeGreaterThan(40);
    expect(mismatches).toEqual([]);
  });
});
