import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The route opens the app's own database and auth secret: a throwaway directory, before lib/env is read.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-signed-export-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
process.env.AUTH_SECRET = "a".repeat(40);

type Handler = (req: NextRequest, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;
let GET: Handler;
let campaignId = "";
let otherCampaignId = "";
let link: URL;

const call = (url: URL | string) => GET(new NextRequest(url), { params: Promise.resolve({ id: new URL(url).pathname.split("/")[3]! }) });

describe("the signed export link of a webhook", () => {
  beforeAll(async () => {
    const { getDatabase } = await import("@/lib/runtime/resources");
    const { createOrganization } = await import("@/lib/organizations");
    const { createCampaign, signedExportUrl } = await import("@/lib/campaigns");
    const { getAudioUrlSigningKey } = await import("@/lib/runtime/resources");
    const { seedContacts, TEST_WORKER } = await import("../../../harness/seed");
    ({ GET } = (await import("@/app/api/campaigns/[id]/export/route")) as unknown as { GET: Handler });
    const { db } = await getDatabase();
    const newCampaign = async (name: string) => {
      const organization = await createOrganization(db, { name });
      await seedContacts(db, organization.id, [{ firstName: "Maria", phone: "+12025550143" }]);
      const created = await createCampaign({ db, organization }, { name, template: "Hi {{firstName}}.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
      if (!created.ok) throw new Error(created.error.message);
      return { organization, id: created.value.id };
    };
    const mine = await newCampaign("Bright Smile Dental");
    campaignId = mine.id;
    otherCampaignId = (await newCampaign("Sunrise Physio")).id;
    link = new URL(signedExportUrl({ key: getAudioUrlSigningKey() }, mine.organization.id, campaignId, "http://localhost:3000").url);
  });
  afterAll(async () => {
    const { getDatabase } = await import("@/lib/runtime/resources");
    await (await getDatabase()).close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("opens the campaign's JSON export without a session", async () => {
    const res = await call(link);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { campaign: { id: string }; recipients: { phone: string }[] };
    expect(body.campaign.id).toBe(campaignId);
    expect(body.recipients.map((r) => r.phone)).toEqual(["+12025550143"]);
  });

  it("refuses a tampered signature, another campaign with this signature, and no signature at all", async () => {
    const tampered = new URL(link);
    tampered.searchParams.set("sig", "0".repeat(64));
    expect((await call(tampered)).status).toBe(403);
    const other = new URL(link);
    other.pathname = `/api/campaigns/${otherCampaignId}/export`;
    expect((await call(other)).status).toBe(403);
    const bare = new URL(link);
    bare.search = "format=json";
    expect((await call(bare)).status).toBe(401);
    const expired = new URL(link);
    expired.searchParams.set("exp", "1");
    expect((await call(expired)).status).toBe(403);
  });
});
