import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";

/**
 * A seeded, bounded fuzz of every operation in the app's own OpenAPI document, through the real route
 * handlers and the route wrapper, signed in as an owner: bodies generated from each operation's schema
 * (mostly well-formed, some with wrong types, hostile strings, control characters, out-of-range numbers),
 * hostile query values, and malformed path parameters (non-ids, NUL, `%FF`, traversal, 2,000 characters)
 * next to real ids. Whatever it sends, no answer may be a 5xx: bad input is the client's, and says so.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas?: Record<string, Schema> } };
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

const APP = "http://localhost:3000";
export const CASES_PER_OPERATION = 20;
export const FUZZ_SEED = 2025;

const HOSTILE_STRINGS = ["", " ", "\u0000", "a\u0000b", "%FF", "%00", "../../etc/passwd", "a".repeat(2_000), "😀".repeat(50), "\ud800", "null", "-1", "1e309", "<script>", "' OR 1=1 --", "00000000-0000-0000-0000-000000000000"];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }));

/** An arbitrary for a JSON schema of the document: mostly values of the schema, sometimes anything at all. */
function arbitraryFor(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, -1, 1e12, 2 ** 53 + 1, true, [], {}));
  if (!schema || depth > 6) return wrong;
  if (schema.$ref) return arbitraryFor(components[schema.$ref.replace("#/components/schemas/", "")], components, depth + 1);
  const valid = (): fc.Arbitrary<unknown> => {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, components, depth + 1)));
    if (schema.allOf) return arbitraryFor(Object.assign({}, ...schema.allOf), components, depth + 1);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
    switch (type) {
      case "object": {
        const props = schema.properties ?? {};
        const entries = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitraryFor(s, components, depth + 1)]));
        return fc.record(entries, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
      }
      case "array":
        return fc.array(arbitraryFor(schema.items, components, depth + 1), { maxLength: Math.min(schema.maxItems ?? 5, 5) });
      case "string":
        if (schema.format === "uuid") return fc.oneof(fc.uuid(), hostileString);
        if (schema.format === "email") return fc.oneof(fc.emailAddress(), hostileString);
        if (schema.format === "date-time") return fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostileString);
        return fc.oneof(fc.string({ maxLength: Math.min(schema.maxLength ?? 60, 60) }), hostileString);
      case "integer":
        return fc.oneof(fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000 }), fc.integer(), fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER));
      case "number":
        return fc.oneof(fc.double({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true }), fc.double({ noNaN: true, noDefaultInfinity: true }));
      case "boolean":
        return fc.boolean();
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  return fc.oneof({ weight: 5, arbitrary: valid() }, { weight: 1, arbitrary: wrong });
}

/** A lone surrogate cannot be percent-encoded: the URL gets U+FFFD, the handler still gets the raw value. */
const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

/** `/api/campaigns/{id}/plan` → the route module `campaigns/[id]/plan`; `{all}` is the catch-all. */
const modulePath = (openApiPath: string) => openApiPath.replace(/^\/api\//, "").replace(/\{all\}/, "[...all]").replace(/\{(\w+)\}/g, "[$1]");

export function describeOpenApiFuzz(driver: string, prepare: () => Promise<() => Promise<void>>, expectedKind: "pglite" | "postgres" = "pglite") {
  describe(`a fuzz of every OpenAPI operation [${driver}]`, () => {
    let cleanup = async () => {};
    let cookie = "";
    let document: Document;
    const realIds: string[] = [];

    beforeAll(async () => {
      cleanup = await prepare();
      const { signInAppOwner } = await import("../../helpers/auth");
      const { getDatabase } = await import("@/lib/runtime/resources");
      const { createCampaign } = await import("@/lib/campaigns");
      const { createContactList } = await import("@/lib/contacts");
      const database = await getDatabase();
      expect(database.kind).toBe(expectedKind);
      const owner = await signInAppOwner(`owner-fuzz-${driver}@brightsmile.test`);
      cookie = owner.cookie;
      const organization = { id: owner.organizationId, name: "Bright Smile Dental", timezone: "America/New_York", phoneCountry: "US", callbackNumber: null, phoneSystem: "generic", defaultLanguage: "en" } as const;
      const contactIds = await seedContacts(database.db, owner.organizationId, [{ firstName: "Alicia", phone: "+12025550101" }, { firstName: "Bruno", phone: "+12025550102" }]);
      const campaign = await createCampaign({ db: database.db, organization }, { name: "Fuzzed", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
      if (!campaign.ok) throw new Error(campaign.error.message);
      const list = await createContactList({ db: database.db, organization }, "Fuzzed list");
      if (!list.ok) throw new Error(list.error.message);
      realIds.push(...contactIds, campaign.value.id, list.value.id, owner.userId);
      const { GET } = await import("@/app/api/openapi.json/route");
      const res = await GET(new NextRequest(`${APP}/api/openapi.json`, { headers: { cookie } }), { params: Promise.resolve({}) });
      document = (await res.json()) as Document;
    });

    afterAll(async () => {
      const { getDatabase } = await import("@/lib/runtime/resources");
      await (await getDatabase()).close();
      await cleanup();
    });

    it(`answers ${CASES_PER_OPERATION} generated requests to every operation without a 5xx`, async () => {
      const operations = Object.entries(document.paths).flatMap(([p, item]) => Object.entries(item).map(([method, op]) => ({ path: p, method: method.toUpperCase(), op })));
      expect(operations.length).toBeGreaterThan(50);
      const components = document.components.schemas ?? {};
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const pathValue = fc.oneof(fc.constantFrom(...realIds), fc.uuid(), hostileString);
      for (const [index, { path: openApiPath, method, op }] of operations.entries()) {
        const mod = (await import(/* @vite-ignore */ `@/app/api/${modulePath(openApiPath)}/route`)) as Record<string, Handler>;
        const handler = mod[method]!;
        const params = (op.parameters ?? []).filter((p) => p.in === "path");
        const query = (op.parameters ?? []).filter((p) => p.in === "query");
        const content = op.requestBody?.content ?? {};
        const bodyArb = content["application/json"]
          ? arbitraryFor(content["application/json"].schema, components).map((v) => ({ type: "application/json", text: JSON.stringify(v) ?? "null" }))
          : content["text/csv"]
            ? fc.array(fc.array(hostileString, { maxLength: 4 }).map((cells) => cells.join(",")), { maxLength: 5 }).map((lines) => ({ type: "text/csv", text: ["first_name,phone", ...lines].join("\n") }))
            : fc.constant(null);
        const requestArb = fc.record({
          params: fc.tuple(...params.map(() => pathValue)),
          query: fc.tuple(...query.map((q) => fc.option(arbitraryFor(q.schema, components).map((v) => (typeof v === "string" ? v : JSON.stringify(v) ?? "")), { nil: undefined }))),
          body: fc.oneof({ weight: 4, arbitrary: bodyArb }, { weight: 1, arbitrary: fc.constantFrom({ type: "application/json", text: "{" }, { type: "application/json", text: "[".repeat(10_000) }, null) }),
        });
        const samples = fc.sample(requestArb, { seed: FUZZ_SEED + index, numRuns: CASES_PER_OPERATION });
        for (const sample of samples) {
          let url = openApiPath;
          const paramValues: Record<string, unknown> = {};
          params.forEach((p, i) => {
            const value = sample.params[i] as string;
            paramValues[p.name] = p.name === "all" ? value.split("/") : value;
            url = url.replace(`{${p.name}}`, encodeURIComponent(wellFormed(value)));
          });
          const search = new URLSearchParams();
          query.forEach((q, i) => {
            const value = sample.query[i];
            if (value !== undefined) search.set(q.name, value);
          });
          const headers: Record<string, string> = { cookie, origin: APP };
          const body = method === "GET" || method === "DELETE" ? (method === "DELETE" && sample.body?.type === "application/json" ? sample.body : null) : sample.body;
          if (body) headers["content-type"] = body.type;
          const req = new NextRequest(`${APP}${url}${search.size ? `?${search}` : ""}`, { method, headers, body: body?.text });
          let status: number;
          let code = "";
          try {
            const res = await handler(req, { params: Promise.resolve(paramValues) });
            status = res.status;
            if (status >= 500) code = ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code ?? "";
            else await res.body?.cancel().catch(() => {});
          } catch (error) {
            status = 599;
            failures.push(`${method} ${openApiPath} threw ${(error as Error).message}: ${JSON.stringify({ params: paramValues, query: Object.fromEntries(search), body: body?.text.slice(0, 300) })}`);
            continue;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          // No TTS worker runs here: a launch is refused 503 worker_unavailable, which is the truth. Any other 5xx fails.
          if (status >= 500 && !(status === 503 && code === "worker_unavailable")) failures.push(`${method} ${openApiPath} → ${status} ${code}: ${JSON.stringify({ params: paramValues, query: Object.fromEntries(search), body: body?.text.slice(0, 300) })}`);
        }
      }
      console.log(`[openapi fuzz ${driver}] ${operations.length} operations × ${CASES_PER_OPERATION}: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(", ")}`);
      expect(failures).toEqual([]);
    });
  });
}
