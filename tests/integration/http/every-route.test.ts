import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The handlers open the app's own database and auth secret: a throwaway directory, before lib/env is read.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-every-route-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;
delete process.env.CRON_SECRET;

const APP = "http://localhost:3000";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

/**
 * Every route file, with what an anonymous caller gets. Session routes answer 401; the few public ones
 * check their own credential. A new route.ts that is missing here fails the first test.
 */
const PUBLIC: Record<string, { anonymous: Partial<Record<Method, number>>; path?: Partial<Record<Method, string>>; why: string }> = {
  "health": { anonymous: { GET: 200 }, why: "liveness: says only that the process answers" },
  "auth/[...all]": {
    anonymous: { GET: 200, POST: 401 },
    path: { GET: "/api/auth/get-session", POST: "/api/auth/sign-in/email" },
    why: "better-auth: get-session answers null without a cookie, sign-in refuses unknown credentials",
  },
  "setup": { anonymous: { POST: 401 }, why: "the setup code printed at first start is the credential" },
  "audio/[file]": { anonymous: { GET: 401 }, why: "a session or an export signature" },
  "campaigns/[id]/export": { anonymous: { GET: 401 }, why: "a session or the signed export link of a webhook" },
  "previews/[token]/audio/[key]": { anonymous: { GET: 404 }, why: "the preview token is the credential; an unknown one is 404" },
  "cron/dispatch": { anonymous: { GET: 401 }, why: "the CRON_SECRET bearer token" },
  // The carrier posts forms; a JSON body is refused before anything else, and a form without a valid signature gets 403.
  "carrier/voice": { anonymous: { POST: 415 }, why: "X-Twilio-Signature made with the organisation's carrier auth token" },
  "carrier/gather": { anonymous: { POST: 415 }, why: "X-Twilio-Signature made with the organisation's carrier auth token" },
  "carrier/status": { anonymous: { POST: 415 }, why: "X-Twilio-Signature made with the organisation's carrier auth token" },
  "carrier/amd": { anonymous: { POST: 415 }, why: "X-Twilio-Signature made with the organisation's carrier auth token" },
};

const PARAMS: Record<string, unknown> = {
  id: "00000000-0000-4000-8000-000000000000",
  file: `${"f".repeat(64)}.wav`,
  token: "AAAAAAAAAAAAAAAAAAAAAA",
  key: "f".repeat(64),
  all: ["sign-in", "email"],
};

type RouteEntry = { name: string; urlPath: string; params: Record<string, unknown>; handlers: Partial<Record<Method, Handler>> };

function listRouteFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => path.dirname(f).split(path.sep).join("/"))
    .sort();
}

const API_DIR = path.resolve(import.meta.dirname, "../../../app/api");
const routeNames = listRouteFiles(API_DIR);
const routes: RouteEntry[] = [];
let ownerCookie = "";
let writeKey = "";

beforeAll(async () => {
  for (const name of routeNames) {
    const mod = (await import(/* @vite-ignore */ path.join(API_DIR, name, "route.ts"))) as Partial<Record<Method, Handler>>;
    const segments = name.split("/").map((s) => /^\[(?:\.\.\.)?(\w+)\]$/.exec(s)?.[1]);
    const params = Object.fromEntries(segments.filter((s): s is string => !!s).map((s) => [s, PARAMS[s]]));
    const urlPath = `/api/${name.split("/").map((s, i) => (segments[i] ? String([PARAMS[segments[i]!]].flat().join("/")) : s)).join("/")}`;
    routes.push({ name, urlPath, params, handlers: Object.fromEntries(METHODS.filter((m) => mod[m]).map((m) => [m, mod[m]!])) });
  }
  // A real owner with a real session cookie, so the body checks are reached on session routes too.
  const { signInAppOwner, createTestApiKey } = await import("../../helpers/auth");
  const { getDatabase } = await import("@/lib/runtime/resources");
  const owner = await signInAppOwner();
  ownerCookie = owner.cookie;
  writeKey = (await createTestApiKey((await getDatabase()).db, owner, "write")).token;
});

afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function call(entry: RouteEntry, method: Method, init: { headers?: Record<string, string>; body?: BodyInit; path?: string } = {}) {
  const req = new NextRequest(new URL(init.path ?? entry.urlPath, APP), {
    method,
    headers: init.headers,
    body: init.body,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
  return entry.handlers[method]!(req, { params: Promise.resolve(entry.params) });
}

const eachWrite = () => routes.flatMap((r) => (Object.keys(r.handlers) as Method[]).filter((m) => m !== "GET").map((m) => [r, m] as const));
const eachCall = () => routes.flatMap((r) => (Object.keys(r.handlers) as Method[]).map((m) => [r, m] as const));

/** A body that never says how long it is, so only counting the bytes read can stop it. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new Uint8Array(Math.min(256 * 1024, bytes - sent)).fill(0x61);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe("every route under app/api", () => {
  it("is listed: session routes need a session, and each public one says why it is public", () => {
    expect(routeNames.length).toBeGreaterThan(20);
    for (const name of Object.keys(PUBLIC)) expect(routeNames, `PUBLIC lists ${name}, which no longer exists`).toContain(name);
    console.log(`[every-route] ${routeNames.length} route files, ${eachCall().length} handlers, ${eachWrite().length} that change state`);
  });

  it("answers an anonymous call with 401 (or, on a public route, what its credential check says), never 500", async () => {
    const seen: string[] = [];
    for (const [entry, method] of eachCall()) {
      const publicRoute = PUBLIC[entry.name];
      const expected = publicRoute ? publicRoute.anonymous[method] : 401;
      const res = await call(entry, method, {
        path: publicRoute?.path?.[method],
        headers: method === "GET" ? {} : { "content-type": "application/json" },
        body: method === "GET" ? undefined : JSON.stringify({ email: "x@evil.test", password: "guess guess" }),
      });
      seen.push(`${method} ${entry.name} ${res.status}`);
      expect(res.status, `${method} ${entry.name}`).toBe(expected);
      if (res.status === 200) expect(await res.text(), `${method} ${entry.name} must reveal nothing`).toMatch(/^(null|\{"status":"ok"\})$/);
      else await res.body?.cancel();
    }
    console.log(`[every-route] anonymous: ${seen.join("; ")}`);
  });

  it("refuses a cross-origin request that changes state with 403, even with the owner's cookie and a text/plain body", async () => {
    const foreign: Record<string, string>[] = [
      { origin: "http://localhost:3001", "sec-fetch-site": "same-site" }, // another port of the same host
      { origin: "http://evil.localhost:3000" }, // a sibling subdomain, from a browser without Sec-Fetch-Site
      { "sec-fetch-site": "cross-site" },
      { origin: "null" }, // a sandboxed frame or a data: page
    ];
    for (const [entry, method] of eachWrite()) {
      for (const headers of foreign) {
        const res = await call(entry, method, {
          path: PUBLIC[entry.name]?.path?.[method],
          headers: { ...headers, cookie: ownerCookie, "content-type": "text/plain" },
          body: '{"name":"Mallory","email":"mallory@evil.test","password":"mallory password"}',
        });
        expect(res.status, `${method} ${entry.name} from ${JSON.stringify(headers)}`).toBe(403);
        await res.body?.cancel();
      }
    }
  });

  it("does not refuse a cross-origin request for CSRF when an API key authenticates it and no cookie rides along", async () => {
    const seen: string[] = [];
    for (const [entry, method] of eachWrite()) {
      const res = await call(entry, method, {
        path: PUBLIC[entry.name]?.path?.[method],
        headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site", authorization: `Bearer ${writeKey}` },
      });
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
      const refusedForOrigin = res.status === 403 && /cross-origin/i.test(body?.error?.message ?? "");
      seen.push(`${method} ${entry.name} ${res.status}`);
      // Public routes ignore keys, so the origin check still guards them (setup, sign-in).
      expect(refusedForOrigin, `${method} ${entry.name} answered ${res.status} ${JSON.stringify(body)}`).toBe(!!PUBLIC[entry.name]);
      // No worker runs here, so launch may answer 503 worker_unavailable; never a crash.
      expect(res.status, `${method} ${entry.name}`).not.toBe(500);
    }
    console.log(`[every-route] cross-origin with a key: ${seen.join("; ")}`);
  });

  it("answers a bad API key with 401 and a Bearer challenge on every route that needs a caller", async () => {
    for (const [entry, method] of eachCall().filter(([r]) => !PUBLIC[r.name])) {
      const res = await call(entry, method, { headers: { authorization: `Bearer vck_000000000000_${"A".repeat(43)}` } });
      expect(res.status, `${method} ${entry.name}`).toBe(401);
      expect(res.headers.get("www-authenticate"), `${method} ${entry.name}`).toMatch(/^Bearer /);
      await res.body?.cancel();
    }
  });

  it("answers 413 to an oversized body of every content type, counted while reading, before anything parses it", async () => {
    const types = ["application/json", "text/plain", "text/csv", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/octet-stream", ""];
    const size = 6 * 1024 * 1024; // over every route's cap (the largest, the CSV import, is 5 MB and some framing)
    for (const [entry, method] of eachWrite()) {
      for (const type of types) {
        const headers: Record<string, string> = { cookie: ownerCookie, origin: APP };
        if (type) headers["content-type"] = type;
        const res = await call(entry, method, { path: PUBLIC[entry.name]?.path?.[method], headers, body: streamOf(size) });
        expect(res.status, `${method} ${entry.name} with ${type || "no content type"}`).toBe(413);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
      }
      // Declared by Content-Length: refused without reading a byte.
      const declared = await call(entry, method, {
        path: PUBLIC[entry.name]?.path?.[method],
        headers: { cookie: ownerCookie, "content-type": "text/plain", "content-length": String(size) },
        body: "x",
      });
      expect(declared.status, `${method} ${entry.name} declared`).toBe(413);
    }
  });

  it("answers 415 to a body of a type the route does not take, and lets its own type through", async () => {
    const campaigns = routes.find((r) => r.name === "campaigns")!;
    const wrongType = await call(campaigns, "POST", { headers: { cookie: ownerCookie, "content-type": "text/plain" }, body: "{}" });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
    const json = await call(campaigns, "POST", { headers: { cookie: ownerCookie, "content-type": "application/json", origin: APP }, body: "{}" });
    expect(json.status).toBe(400);
    const launch = routes.find((r) => r.name === "campaigns/[id]/launch")!;
    const noBody = await call(launch, "POST", { headers: { cookie: ownerCookie, "sec-fetch-site": "same-origin" } });
    expect(noBody.status).not.toBe(403);
    expect(noBody.status).not.toBe(415);
  });
});
