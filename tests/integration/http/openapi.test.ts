import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The document route needs a caller: the app's own database and auth secret in a throwaway directory.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-openapi-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;

const API_DIR = path.resolve(import.meta.dirname, "../../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Operation = { "x-minimum-role"?: string; description?: string; security?: Record<string, string[]>[]; requestBody?: { content: Record<string, { schema: unknown }> }; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string }>; schemas?: Record<string, unknown> } };

/** `campaigns/[id]/plan` → `/api/campaigns/{id}/plan`; the catch-all `[...all]` → `{all}`. */
const openApiPath = (dir: string) => `/api/${dir.split("/").map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/")}`;

/** "METHOD /api/path" for every handler exported by every app/api/**\/route.ts, as on disk. */
async function routesOnDisk(): Promise<string[]> {
  const dirs = fs
    .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.dirname(f).split(path.sep).join("/"));
  const found: string[] = [];
  for (const d of dirs) {
    const mod = (await import(/* @vite-ignore */ path.join(API_DIR, d, "route.ts"))) as Record<string, unknown>;
    for (const m of METHODS) if (typeof mod[m] === "function") found.push(`${m} ${openApiPath(d)}`);
  }
  return found.sort();
}

let document: Document;
let status: number;

beforeAll(async () => {
  const { signInAppOwner, createTestApiKey } = await import("../../helpers/auth");
  const { getDatabase } = await import("@/lib/runtime/resources");
  const owner = await signInAppOwner();
  const key = await createTestApiKey((await getDatabase()).db, owner, "read");
  const { GET } = await import("@/app/api/openapi.json/route");
  const res = await GET(new NextRequest("http://localhost:3000/api/openapi.json", { headers: { authorization: `Bearer ${key.token}` } }), { params: Promise.resolve({}) });
  status = res.status;
  document = (await res.json()) as Document;
});

afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document, served to a read key", () => {
    expect(status).toBe(200);
    expect(document.openapi).toBe("3.1.0");
  });

  it("lists every route and method that exists, and none that does not", async () => {
    const inDocument = Object.entries(document.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const onDisk = await routesOnDisk();
    expect(onDisk.length).toBeGreaterThan(25);
    // Both ways, so the failure names the route: a new route.ts or method needs its operation in its
    // domain's lib/openapi/<domain>.ts (listed in lib/openapi/index.ts); a deleted one must leave it too.
    expect(onDisk.filter((r) => !inDocument.includes(r)), "routes missing from the document").toEqual([]);
    expect(inDocument.filter((r) => !onDisk.includes(r)), "operations in the document without a route").toEqual([]);
  });

  it("offers a bearer API key and the session cookie, on every route that needs a caller", () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.components.securitySchemes.session).toMatchObject({ type: "apiKey", in: "cookie" });
    const contacts = document.paths["/api/contacts"]!.get!;
    expect(contacts.security).toEqual([{ apiKey: ["read"] }, { session: [] }]);
    expect(document.paths["/api/contacts/import"]!.post!.security).toEqual([{ apiKey: ["write"] }, { session: [] }]);
    expect(document.paths["/api/health"]!.get!.security).toEqual([]);
  });

  it("names the least role of every operation that needs a caller, as the route declares it", () => {
    expect(document.paths["/api/contacts"]!.get!["x-minimum-role"]).toBe("staff");
    expect(document.paths["/api/api-keys"]!.post!["x-minimum-role"]).toBe("admin");
    expect(document.paths["/api/api-keys"]!.post!.description).toContain("Needs an admin or the owner, signed in; API keys are refused.");
    expect(document.paths["/api/members/{id}"]!.patch!["x-minimum-role"]).toBe("owner");
    expect(document.paths["/api/health"]!.get!["x-minimum-role"]).toBeUndefined();
  });

  it("describes requests with the zod schemas the routes parse with", () => {
    const create = document.paths["/api/campaigns"]!.post!;
    const body = JSON.stringify(create.requestBody!.content["application/json"]!.schema);
    for (const field of ["name", "template", "voice", "speed", "recipients"]) expect(body).toContain(`"${field}"`);
    const contacts = document.paths["/api/contacts"]!.get!;
    expect(contacts.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:limit", "query:offset", "query:search"]));
    const plan = document.paths["/api/campaigns/{id}/plan"]!.get!;
    expect(plan.parameters!.map((p) => `${p.in}:${p.name}`)).toContain("path:id");
    expect(Object.keys(plan.responses)).toEqual(expect.arrayContaining(["200", "401", "404", "429"]));
  });

  it("documents appointment windows as calendar days, and the older withinDays as deprecated", () => {
    const window = JSON.stringify(document.components.schemas?.AppointmentWindow);
    for (const kind of ["tomorrow", "inDays", "date", "range", "nextDays"]) expect(window).toContain(`"${kind}"`);
    expect(window).toContain("organisation's time zone");
    const body = JSON.stringify(document.paths["/api/campaigns"]!.post!.requestBody!.content["application/json"]!.schema);
    expect(body).toMatch(/"withinDays":\{[^}]*"deprecated":true/);
    expect(body).toContain("#/components/schemas/AppointmentWindow");
    const appointments = document.paths["/api/contacts"]!.get!.parameters!.find((p) => p.name === "appointments");
    expect(JSON.stringify(appointments)).toContain("tomorrow");
    expect(JSON.stringify(document.paths["/api/contacts"]!.get!.parameters!.find((p) => p.name === "upcomingWithinDays"))).toContain(`"deprecated":true`);
  });

  it("resolves every $ref it contains", () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(document.components.schemas, ref).toHaveProperty(ref);
  });
});
