import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/client-address";

// The route handlers open the app's database on first use: point it at a throwaway PGlite directory
// before anything reads lib/env.
const dir = mkdtempSync(path.join(os.tmpdir(), "voice-hostile-"));
process.env.PGLITE_DIR = path.join(dir, "db");
delete process.env.DATABASE_URL;

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;
let audioGet: Handler<{ file: string }>;
let previewAudioGet: Handler<{ token: string; key: string }>;
let templatePreviewPost: Handler<Record<string, string>>;
let importPost: Handler<Record<string, string>>;
let cookie = "";

const call = <P,>(handler: Handler<P>, url: string, params: P, init?: ConstructorParameters<typeof NextRequest>[1]) =>
  handler(new NextRequest(new URL(url, "http://localhost"), init), { params: Promise.resolve(params) });

beforeAll(async () => {
  audioGet = (await import("@/app/api/audio/[file]/route")).GET as Handler<{ file: string }>;
  previewAudioGet = (await import("@/app/api/previews/[token]/audio/[key]/route")).GET as Handler<{ token: string; key: string }>;
  templatePreviewPost = (await import("@/app/api/templates/preview/route")).POST as Handler<Record<string, string>>;
  importPost = (await import("@/app/api/contacts/import/route")).POST as Handler<Record<string, string>>;
  // The body checks come after the session check: these requests are the owner's.
  cookie = (await (await import("../../helpers/auth")).signInAppOwner()).cookie;
});
afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  rmSync(dir, { recursive: true, force: true });
});

const MB = 1024 * 1024;
const hostileNames = [
  "../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "..%252f..%252fetc%252fpasswd",
  "%00",
  "\u0000",
  `${"0".repeat(64)}.wav\u0000.txt`,
  `${"0".repeat(64)}.wav/../../x`,
  "a".repeat(MB),
  `${"f".repeat(64)}.wav`, // well-formed but unknown
];

describe("path tricks in audio file names and preview tokens", () => {
  it("answers 400, 401 or 404 to every hostile audio file name, never 500", async () => {
    const statuses: number[] = [];
    for (const file of hostileNames) {
      const res = await call(audioGet, `/api/audio/${encodeURIComponent(file.slice(0, 2000))}`, { file });
      statuses.push(res.status);
      // A well-formed name without a session or signature is 401 (accounts); malformed ones stay 400.
      expect([400, 401, 404]).toContain(res.status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message).not.toMatch(/passwd|stack|at \//);
    }
    console.log(`[hostile] audio file names → ${statuses.join(", ")}`);
  });

  it("answers 404 to malformed, path-like, NUL and 1 MB preview tokens and keys, never 500", async () => {
    const tokens = ["../..", "a/b", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0000", "A".repeat(MB), "AAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA/"];
    const statuses: number[] = [];
    for (const token of tokens) {
      for (const key of ["../../etc/passwd", "f".repeat(64), "%00", "k".repeat(MB)]) {
        const res = await call(previewAudioGet, "/api/previews/x/audio/y", { token, key }, { headers: { [CLIENT_ADDRESS_HEADER]: `10.0.0.${tokens.indexOf(token)}` } });
        statuses.push(res.status);
        expect([400, 404]).toContain(res.status);
        await res.body?.cancel();
      }
    }
    console.log(`[hostile] preview tokens × keys: ${statuses.length} requests, statuses ${[...new Set(statuses)].join(", ")}`);
  });
});

describe("request body limits on the JSON routes", () => {
  it("answers 413 payload_too_large to a body over the cap, declared or streamed without Content-Length", async () => {
    const { MAX_JSON_BODY_BYTES } = await import("@/lib/http");
    const big = JSON.stringify({ template: "a".repeat(MAX_JSON_BODY_BYTES) });
    const declared = await call(templatePreviewPost, "/api/templates/preview", {}, { method: "POST", headers: { "content-type": "application/json", cookie }, body: big });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");

    // An endless chunked body: the route must stop reading at the cap instead of buffering forever.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x5b));
      },
    });
    const streamed = await call(templatePreviewPost, "/api/templates/preview", {}, { method: "POST", headers: { "content-type": "application/json", cookie }, body: endless, duplex: "half" } as never);
    expect(streamed.status).toBe(413);
    expect(pulled * 64 * 1024).toBeLessThan(MAX_JSON_BODY_BYTES + 3 * 64 * 1024);
  });

  it("answers 400 to a 100,000-deep array and a 50,000-deep object, not a stack overflow", async () => {
    const depth = 100_000;
    for (const body of [`${"[".repeat(depth)}${"]".repeat(depth)}`, `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`, `{"template":${"[".repeat(depth)}${"]".repeat(depth)}}`]) {
      const res = await call(templatePreviewPost, "/api/templates/preview", {}, { method: "POST", headers: { "content-type": "application/json", cookie }, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
    const unterminated = await call(templatePreviewPost, "/api/templates/preview", {}, { method: "POST", headers: { "content-type": "application/json", cookie }, body: "[".repeat(depth) });
    expect(unterminated.status).toBe(400);
    expect(((await unterminated.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });

  it("refuses a CSV upload over the size limit before parsing it, declared or streamed", async () => {
    const { MAX_CSV_BYTES } = await import("@/lib/contacts");
    const declared = await call(importPost, "/api/contacts/import", {}, {
      method: "POST",
      headers: { "content-type": "text/csv", "content-length": String(MAX_CSV_BYTES * 2), cookie },
      body: "x",
    });
    expect(declared.status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode("Phone,Name\n512-555-0100,Ann\n".repeat(2_000)));
      },
    });
    const streamed = await call(importPost, "/api/contacts/import", {}, { method: "POST", headers: { "content-type": "text/csv", cookie }, body: endless, duplex: "half" } as never);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(200);
  });
});

describe("rate limit on public preview audio", () => {
  it("answers 429 rate_limited with Retry-After once a client spends its minute's budget, and leaves other clients alone", async () => {
    const { PREVIEW_REQUESTS_PER_MINUTE } = await import("@/lib/previews");
    const request = (ip: string) => call(previewAudioGet, "/api/previews/x/audio/y", { token: "AAAAAAAAAAAAAAAAAAAAAA", key: "f".repeat(64) }, { headers: { [CLIENT_ADDRESS_HEADER]: ip } });
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < PREVIEW_REQUESTS_PER_MINUTE + 10; i++) {
      const res = await request("203.0.113.7");
      statuses.push(res.status);
      if (res.status === 429) {
        limited = res;
        break;
      }
      await res.body?.cancel();
    }
    expect(limited, `statuses: ${statuses.join(",")}`).not.toBeNull();
    // The window opens with the first request, so the loop (far shorter than a minute) spends exactly one budget.
    expect(statuses).toHaveLength(PREVIEW_REQUESTS_PER_MINUTE + 1);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await request("198.51.100.1")).status).toBe(404);
  });
});
