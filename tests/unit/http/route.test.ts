import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeForLog, route } from "@/lib/http/route";

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
    const handler = route(async () => {
      throw new FakeDrizzleQueryError("insert into contacts (first_name, phone) values ($1, $2)", ["Maria", "+15125550100"], { code: "23505", message: "duplicate key" });
    });
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
