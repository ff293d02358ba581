import Papa from "papaparse";
import { expect, it } from "vitest";
import { createCampaign, exportCampaignAudio } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { exportContactsCsv, importContactsCsv } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { TEST_WORKER } from "../../../harness/seed";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Export clinic", timezone: "America/New_York" });
  return { db: database.db, organization };
}

/** Reads a stream piece by piece, as a client would: each piece is what one pull produced. */
async function readPieces(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return pieces;
    pieces.push(decoder.decode(value));
  }
}

async function seed(ctx: Ctx, count: number): Promise<void> {
  const lines = ["First Name,Last Name,Phone,Insurance Plan,Locker"];
  for (let i = 0; i < count; i++) lines.push(`Pat${i},Lee${String(i).padStart(2, "0")},+1512555${String(100 + i).padStart(4, "0")},${i % 2 ? "HMO" : ""},${i === 3 ? "=1+1" : ""}`);
  const result = await importContactsCsv(ctx, { csv: lines.join("\n") });
  if (!result.ok) throw new Error(result.error.message);
}

describeEachDatabase("exports are streamed a page at a time", (getDb) => {
  it("writes the contacts CSV as a header and then one piece per page, the same file as a whole", async () => {
    const ctx = await createCtx(getDb());
    await seed(ctx, 7);
    const { body, fileName } = await exportContactsCsv(ctx, { sort: "name" }, { pageSize: 3 });
    expect(fileName).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(body).toBeInstanceOf(ReadableStream);
    const pieces = await readPieces(body);
    expect(pieces).toHaveLength(4);
    const parsed = Papa.parse<string[]>(pieces.join(""), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(["id", "first_name", "last_name", "phone", "email", "timezone", "do_not_call", "next_appointment", "provider", "location", "insurancePlan", "locker"]);
    expect(parsed.slice(1).map((row) => row[2])).toEqual(["Lee00", "Lee01", "Lee02", "Lee03", "Lee04", "Lee05", "Lee06"]);
    expect(parsed[2]?.[10]).toBe("HMO");
    expect(parsed[4]?.[11]).toBe("'=1+1");
  });

  it("writes a search with no match as the header alone", async () => {
    const ctx = await createCtx(getDb());
    await seed(ctx, 2);
    const pieces = await readPieces((await exportContactsCsv(ctx, { search: "nobody" }, { pageSize: 3 })).body);
    expect(pieces).toEqual(["id,first_name,last_name,phone,email,timezone,do_not_call,next_appointment,provider,location"]);
  });

  it("writes the campaign's audio export, CSV and JSON, one piece per page of recipients", async () => {
    const ctx = await createCtx(getDb());
    await seed(ctx, 5);
    const created = await createCampaign(ctx, { name: "Checkups", template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const signing = { key: Buffer.alloc(32, 7) };

    const csv = await exportCampaignAudio(ctx, created.value.id, "http://localhost:3000", { format: "csv", profile: "generic", pageSize: 2 }, signing);
    if (!csv.ok) throw new Error(csv.error.message);
    const csvPieces = await readPieces(csv.value.body);
    expect(csvPieces).toHaveLength(4);
    const rows = Papa.parse<Record<string, string>>(csvPieces.join(""), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.name)).toEqual(["Pat0 Lee00", "Pat1 Lee01", "Pat2 Lee02", "Pat3 Lee03", "Pat4 Lee04"]);
    expect(rows.every((r) => r.status === "pending" && r.audio_url === "")).toBe(true);

    const json = await exportCampaignAudio(ctx, created.value.id, "http://localhost:3000", { format: "json", profile: "generic", pageSize: 2 }, signing);
    if (!json.ok) throw new Error(json.error.message);
    const jsonPieces = await readPieces(json.value.body);
    expect(jsonPieces.length).toBeGreaterThanOrEqual(4);
    const parsed = JSON.parse(jsonPieces.join("")) as { campaign: { id: string; name: string }; profile: { id: string }; recipients: Record<string, string>[] };
    expect(parsed.campaign).toMatchObject({ id: created.value.id, name: "Checkups" });
    expect(parsed.profile.id).toBe("generic");
    expect(parsed.recipients.map((r) => r.phone)).toEqual(rows.map((r) => r.phone));
  });
});
