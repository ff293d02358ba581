import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseWebEnv } from "@/lib/env";

const root = path.resolve(import.meta.dirname, "../../..");
const cronField = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const vercelSchema = z.strictObject({
  $schema: z.string().url(),
  framework: z.literal("nextjs"),
  crons: z.array(
    z.strictObject({
      path: z.string().regex(/^\/api\//),
      schedule: z.string().refine((s) => s.split(" ").length === 5 && s.split(" ").every((f) => cronField.test(f)), "five cron fields"),
    }),
  ),
});
const config = vercelSchema.parse(JSON.parse(fs.readFileSync(path.join(root, "vercel.json"), "utf8")));

/** The route handler file for a URL path, following Next's app router layout (route groups aside). */
const routeFile = (urlPath: string) => path.join(root, "app", ...urlPath.split("/").filter(Boolean), "route.ts");
const listRouteFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listRouteFiles(full) : entry.name === "route.ts" ? [full] : [];
  });
// Every serverless dispatch pass (cron, after() on launch and on calling) runs for this long at most.
const dispatchBudgetMs = Number(/SERVERLESS_DISPATCH_BUDGET_MS = (\d[\d_]*);/.exec(fs.readFileSync(path.join(root, "lib/runtime/dispatch.ts"), "utf8"))?.[1]?.replaceAll("_", ""));
const maxDurationOf = (source: string) => Number(/export const maxDuration = (\d+);/.exec(source)?.[1] ?? NaN);

describe("vercel.json", () => {
  it("schedules only routes that exist and answer GET (what Vercel Cron sends), within their maxDuration", () => {
    expect(config.crons.length).toBeGreaterThan(0);
    for (const cron of config.crons) {
      const file = routeFile(cron.path);
      expect(fs.existsSync(file), `${cron.path} → ${path.relative(root, file)}`).toBe(true);
      const source = fs.readFileSync(file, "utf8");
      expect(source).toMatch(/export const GET = /);
      expect(source).toMatch(/CRON_SECRET/);
    }
  });

  it("gives every route that dispatches (cron, after() on launch and on calling) a maxDuration longer than its dispatch budget", () => {
    const dispatching = listRouteFiles(path.join(root, "app")).filter((file) => /dispatchFor\(|kickDispatch\(/.test(fs.readFileSync(file, "utf8")));
    expect(dispatching.map((file) => path.relative(root, file)).sort()).toEqual(["app/api/campaigns/[id]/calls/route.ts", "app/api/campaigns/[id]/launch/route.ts", "app/api/cron/dispatch/route.ts"]);
    expect(dispatchBudgetMs).toBeGreaterThan(0);
    for (const file of dispatching) {
      const source = fs.readFileSync(file, "utf8");
      expect(source, path.relative(root, file)).toMatch(/dispatchFor\(\)|kickDispatch\(\)/);
      expect(dispatchBudgetMs, path.relative(root, file)).toBeLessThan(maxDurationOf(source) * 1000);
    }
  });

  it("lets the pages that launch through a server action (after() dispatch) run longer than the dispatch budget", () => {
    expect(fs.readFileSync(path.join(root, "app/(app)/campaigns/actions.ts"), "utf8")).toMatch(/kickDispatch\(\)/);
    // kickDispatch() is the serverless after() pass with the default budget.
    expect(fs.readFileSync(path.join(root, "lib/runtime/dispatch.ts"), "utf8")).toMatch(/after\(\(\) => dispatchFor\(\)\)/);
    for (const page of ["app/(app)/campaigns/new/page.tsx", "app/(app)/campaigns/[id]/page.tsx"]) {
      const source = fs.readFileSync(path.join(root, page), "utf8");
      expect(source, page).toMatch(/CampaignBuilder/);
      expect(dispatchBudgetMs, page).toBeLessThan(maxDurationOf(source) * 1000);
    }
  });

  it("has a cron entry for every route under app/api/cron", () => {
    const cronRoutes = fs.readdirSync(path.join(root, "app/api/cron")).map((name) => `/api/cron/${name}`);
    expect(config.crons.map((c) => c.path).sort()).toEqual(cronRoutes.sort());
  });

  it("ends progress streams before the events route's maxDuration, so the platform never cuts one", () => {
    const events = fs.readFileSync(routeFile("/api/campaigns/[id]/events"), "utf8");
    expect(parseWebEnv({}).SSE_MAX_STREAM_SECONDS).toBeLessThan(maxDurationOf(events));
  });
});
