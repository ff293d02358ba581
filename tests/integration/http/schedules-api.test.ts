import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_WORKER } from "../../../harness/seed";

// The route handlers open the app's database on first use: a throwaway PGlite directory, before lib/env is read.
const dir = mkdtempSync(path.join(os.tmpdir(), "voice-schedules-api-"));
process.env.PGLITE_DIR = path.join(dir, "db");
delete process.env.DATABASE_URL;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let schedules: { GET: Handler; POST: Handler };
let schedule: { GET: Handler; PUT: Handler };
let cookie = "";
let organizationId = "";
let campaignId = "";

const call = (handler: Handler, url: string, method: string, body?: unknown, params: Record<string, string> = {}) =>
  handler(
    new NextRequest(new URL(url, "http://localhost"), { method, headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined }),
    { params: Promise.resolve(params) },
  );

beforeAll(async () => {
  schedules = (await import("@/app/api/schedules/route")) as unknown as typeof schedules;
  schedule = (await import("@/app/api/schedules/[id]/route")) as unknown as typeof schedule;
  ({ cookie, organizationId } = await (await import("../../helpers/auth")).signInAppOwner());
  const { getDatabase } = await import("@/lib/runtime/resources");
  const { getOrganization } = await import("@/lib/organizations");
  const { createCampaign } = await import("@/lib/campaigns");
  const { db } = await getDatabase();
  const organization = (await getOrganization(db, organizationId))!;
  const created = await createCampaign({ db, organization }, { name: "Reminders", template: "Hi {{firstName}}, see you tomorrow.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  campaignId = created.value.id;
});
afterAll(async () => {
  const { getDatabase } = await import("@/lib/runtime/resources");
  await (await getDatabase()).close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the schedules API", () => {
  it("refuses phone delivery without a carrier with 409, and creates, lists and reads a files schedule", async () => {
    const input = { name: "Weekdays at five", campaignId, weekdays: [1, 2, 3, 4, 5], localTime: "17:00", daysAhead: 1 };
    const refused = await call(schedules.POST, "/api/schedules", "POST", { ...input, delivery: "calls" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "carrier_not_configured", message: expect.stringMatching(/Settings → Phone calls/) } });
    const bad = await call(schedules.POST, "/api/schedules", "POST", { ...input, delivery: "fax" });
    expect(bad.status).toBe(400);

    const created = await call(schedules.POST, "/api/schedules", "POST", input);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; delivery: string };
    expect(body.delivery).toBe("files");
    const listed = await call(schedules.GET, "/api/schedules", "GET");
    expect(await listed.json()).toMatchObject({ items: [{ id: body.id, delivery: "files", localTime: "17:00" }] });

    const edited = await call(schedule.PUT, `/api/schedules/${body.id}`, "PUT", { ...input, delivery: "calls" }, { id: body.id });
    expect(edited.status).toBe(409);
    const read = await call(schedule.GET, `/api/schedules/${body.id}`, "GET", undefined, { id: body.id });
    expect(await read.json()).toMatchObject({ schedule: { delivery: "files" }, runs: [] });
  });
});
