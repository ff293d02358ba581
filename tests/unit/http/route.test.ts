import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeForLog, IGNORED_BODY_MAX_BYTES, route } from "@/lib/http/route";

afterEach(() => vi.restoreAllMocks());

class FakeDrizzleQueryError extends Error {
  override name = "DrizzleQueryError";
  constructor(query: string, params: unknown[], readonly cause: { code: string; message: string }) {
    super(`Failed query: ${query}\nparams: ${params.join(",")}`);
  }
}

describe("route() error logging", () => {
  it("logs a failed query's SQL and reason but never its parameters (contact names and phones)", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void logged.push(line));
    const handler = route(
      async () => {
        throw new FakeDrizzleQueryError("insert into contacts (first_name, phone) values ($1, $2)", ["Maria", "+15125550100"], { code: "23505", message: "duplicate key" });
      },
      { access: "public" },
    );
    const res = await handler(new NextRequest("http://localhost/api/x"), { params: Promise.resolve({}) });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).not.toMatch(/insert|Maria/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("insert into contacts");
    expect(logged[0]).toContain("23505 duplicate key");
    expect(logged[0]).not.toMatch(/Maria|5550100/);
  });

  it("keeps the stack of other errors", () => {
    const error = new Error("boom");
    expect(describeForLog(error)).toContain("boom");
    expect(describeForLog(error)).toContain("route.test.ts");
  });
});

describe("route() and a client that aborts its upload", () => {
  it("answers request_aborted (not a 500) and logs one line without a stack when the body stream breaks", async () => {
    const errors: string[] = [];
    const warnings: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
    let reached = false;
    const handler = route(
      async ({ req }) => {
        reached = true;
        return Response.json(await req.text());
      },
      { access: "public", accepts: ["text/csv"] },
    );
    // What Node gives a handler when the socket closes mid-upload: a body stream that errors after some bytes.
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls < 3) controller.enqueue(new TextEncoder().encode("Phone,Name\n512-555-0100,Ann\n"));
        else controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
      },
    });
    const req = new NextRequest("http://localhost/api/contacts/import", { method: "POST", headers: { "content-type": "text/csv" }, body, duplex: "half" } as never);
    const res = await handler(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("request_aborted");
    expect(reached).toBe(false);
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toMatch(/\n\s+at /);
  });
});

describe("route() and the request class", () => {
  // `next start` hands handlers a request built by its own copy of NextRequest, not the one this module sees.
  it("passes a GET request of another Request class on to the handler", async () => {
    const handler = route(async () => Response.json({ reached: true }), { access: "public" });
    const res = await handler(new Request("http://localhost/api/x") as unknown as NextRequest, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reached: true });
  });
});

describe("route() on a route that reads no body", () => {
  const handler = route(async () => Response.json({ launched: true }), { access: "public", maxBodyBytes: IGNORED_BODY_MAX_BYTES });
  const post = (body: string | null, headers: Record<string, string> = {}) =>
    handler(new NextRequest("http://localhost/api/campaigns/x/launch", { method: "POST", body, headers }), { params: Promise.resolve({}) });

  it("takes the empty JSON object API clients send with a POST, and no body at all", async () => {
    expect((await post("{}", { "content-type": "application/json" })).status).toBe(200);
    expect((await post(null)).status).toBe(200);
  });

  it("refuses a body past its small cap with 413 before the handler runs", async () => {
    const res = await post(JSON.stringify({ pad: "x".repeat(IGNORED_BODY_MAX_BYTES) }), { "content-type": "application/json" });
    expect(res.status).toBe(413);
  });
});
