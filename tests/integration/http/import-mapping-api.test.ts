import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The route handlers open the app's database on first use: a throwaway PGlite directory, before lib/env is read.
const dir = mkdtempSync(path.join(os.tmpdir(), "voice-import-mapping-"));
process.env.PGLITE_DIR = path.join(dir, "db");
delete process.env.DATABASE_URL;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let importPost: Handler;
let previewPost: Handler;
let cookie = "";

const post = (handler: Handler, url: string, body: FormData | string, contentType?: string) =>
  handler(
    new NextRequest(new URL(url, "http://localhost"), { method: "POST", headers: { cookie, ...(contentType ? { "content-type": contentType } : {}) }, body }),
    { params: Promise.resolve({}) },
  );

function form(csv: string, fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  data.append("file", new File([csv], "export.csv", { type: "text/csv" }));
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

beforeAll(async () => {
  importPost = (await import("@/app/api/contacts/import/route")).POST as Handler;
  previewPost = (await import("@/app/api/contacts/import/preview/route")).POST as Handler;
  cookie = (await (await import("../../helpers/auth")).signInAppOwner()).cookie;
});
afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  rmSync(dir, { recursive: true, force: true });
});

const UNKNOWN = "Who,Digits,Visit\nRosa Diaz,512-555-0161,Cancelled\n";

describe("the import's mapping over HTTP", () => {
  it("previews without writing, imports with a mapping given as a form field, and reads the next file by the remembered one", async () => {
    const before = await post(previewPost, "/api/contacts/import/preview", form(UNKNOWN));
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ complete: false, source: "guessed", problem: expect.stringContaining("No phone column found") });

    const mapping = JSON.stringify({ columns: { Who: "fullName", Digits: "phone", Visit: "status" } });
    const imported = await post(importPost, "/api/contacts/import", form(UNKNOWN, { mapping }));
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: 1, mapping: { source: "given" } });

    // The same headers as a text/csv body: no mapping needed any more.
    const again = await post(importPost, "/api/contacts/import", "Who,Digits,Visit\nBo Li,512-555-0162,Confirmed\n", "text/csv");
    expect(await again.json()).toMatchObject({ created: 1, mapping: { source: "remembered" } });
  });

  it("reads a known export sent as text/csv, and a mapping given in the query string", async () => {
    const csv = readFileSync(path.resolve(import.meta.dirname, "../../fixtures/imports/athenaone.csv"));
    const preview = await post(previewPost, "/api/contacts/import/preview", csv.toString("utf8"), "text/csv");
    const body = (await preview.json()) as { complete: boolean; system: { name: string }; rows: { appointment: { status: string } }[] };
    expect(body).toMatchObject({ complete: true, source: "known", system: { id: "athenaone", name: "athenaOne" }, rowsTotal: 8 });
    expect(body.rows.map((r) => r.appointment.status)).toEqual(["scheduled", "cancelled", "scheduled", "scheduled", "completed"]);

    const query = encodeURIComponent(JSON.stringify({ columns: { Name: "fullName", Tel: "phone" } }));
    const res = await post(importPost, `/api/contacts/import?mapping=${query}`, "Name,Tel\nCy Twombly,512-555-0163\n", "text/csv");
    expect(await res.json()).toMatchObject({ created: 1, mapping: { source: "given" } });
  });

  it("refuses a mapping that is not JSON or names a role that does not exist, and writes nothing", async () => {
    for (const mapping of ["{not json", JSON.stringify({ columns: { Who: "shoeSize" } })]) {
      const res = await post(importPost, "/api/contacts/import", form(UNKNOWN, { mapping }));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    }
  });
});
