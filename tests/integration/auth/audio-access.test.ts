import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";

// The route handlers open the app's database on first use, and keep the generated auth secret next to it:
// point both at a throwaway directory before anything reads lib/env.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "voice-audio-access-"));
process.env.PGLITE_DIR = path.join(dir, "pglite");
delete process.env.DATABASE_URL;
delete process.env.AUTH_SECRET;

type Handler = (req: NextRequest, ctx: { params: Promise<{ file: string }> }) => Promise<Response>;
let audioGet: Handler;
let ctxA: Ctx;
let ctxB: Ctx;
let messageKey: string;
let signingKey: Buffer;

const get = (url: string) => {
  const u = new URL(url, "http://localhost:3000");
  return audioGet(new NextRequest(u), { params: Promise.resolve({ file: decodeURIComponent(u.pathname.split("/").pop()!) }) });
};

beforeAll(async () => {
  audioGet = (await import("@/app/api/audio/[file]/route")).GET as Handler;
  const { getDatabase } = await import("@/lib/db");
  const { createOrganization } = await import("@/lib/organizations");
  const { createCampaign, launchCampaign, listCampaignRecipients } = await import("@/lib/campaigns");
  const { getAudioUrlSigningKey } = await import("@/lib/auth");
  const { seedContacts, TEST_WORKER } = await import("../../../harness/seed");
  const { db } = await getDatabase();
  ctxA = { db, organization: await createOrganization(db, { name: "Bright Smile Dental" }) };
  ctxB = { db, organization: await createOrganization(db, { name: "Sunrise Physio" }) };
  await seedContacts(db, ctxA.organization.id, [{ firstName: "Maria" }]);
  const created = await createCampaign(ctxA, { name: "Reminders", template: "Hi {{firstName}}. Press 1 to confirm.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
  if (!created.ok) throw new Error(created.error.message);
  const launched = await launchCampaign(ctxA, created.value.id, TEST_WORKER);
  if (!launched.ok) throw new Error(launched.error.message);
  // Stand in for the worker: every segment rendered as 100 ms of silence.
  await db.execute(sql`update segments set status = 'done', duration_ms = 100, sample_rate = 24000, rendered_at = now()`);
  await db.execute(sql`insert into segment_audio (segment_key, sample_rate, pcm) select key, 24000, ${Buffer.alloc(4800)} from segments`);
  const recipients = await listCampaignRecipients(ctxA, created.value.id);
  if (!recipients.ok) throw new Error(recipients.error.message);
  messageKey = recipients.value.items[0]!.messageKey!;
  signingKey = getAudioUrlSigningKey();
});

afterAll(async () => {
  const { getDatabase } = await import("@/lib/db");
  await (await getDatabase()).close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function exportedUrl(ctx: Ctx, options: { now?: Date } = {}): Promise<string> {
  const { signedMessageAudioUrl } = await import("@/lib/campaigns");
  return signedMessageAudioUrl({ key: signingKey, now: options.now }, ctx.organization.id, messageKey, "wav", "http://localhost:3000");
}

describe("message audio by content address", () => {
  it("keeps the generated auth secret next to the embedded database, readable by its owner only", () => {
    const file = path.join(dir, "auth-secret");
    expect(fs.readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("answers 401 without a session or a signature", async () => {
    const res = await get(`/api/audio/${messageKey}.wav`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("plays an exported (signed) URL without a session, in both formats", async () => {
    const { exportCampaignAudio } = await import("@/lib/campaigns");
    const [campaign] = (await (await import("@/lib/campaigns")).listCampaigns(ctxA)) as { id: string }[];
    const exported = await exportCampaignAudio(ctxA, campaign!.id, "http://localhost:3000", "json", { key: signingKey });
    if (!exported.ok) throw new Error(exported.error.message);
    const [row] = (JSON.parse(exported.value.body) as { recipients: { audio_url: string; audio_url_mulaw: string }[] }).recipients;
    expect(row!.audio_url).toMatch(new RegExp(`/api/audio/${messageKey}\\.wav\\?org=${ctxA.organization.id}&exp=\\d+&sig=[0-9a-f]{64}$`));
    const wav = await get(row!.audio_url);
    expect(wav.status).toBe(200);
    expect(wav.headers.get("content-type")).toBe("audio/wav");
    expect(wav.headers.get("cache-control")).toMatch(/^private/);
    expect(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString()).toBe("RIFF");
    expect((await get(row!.audio_url_mulaw)).status).toBe(200);
  });

  it("refuses an expired signature with 403", async () => {
    const url = await exportedUrl(ctxA, { now: new Date(Date.now() - 31 * 24 * 3600 * 1000) });
    const res = await get(url);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringMatching(/expired/) } });
  });

  it("refuses tampered signatures, expiries and organisations with 403", async () => {
    const url = new URL(await exportedUrl(ctxA));
    const tampered = [
      (u: URL) => u.searchParams.set("sig", u.searchParams.get("sig")!.replace(/^./, (c) => (c === "0" ? "1" : "0"))),
      (u: URL) => u.searchParams.set("exp", String(Number(u.searchParams.get("exp")) + 3600)),
      (u: URL) => u.searchParams.set("org", ctxB.organization.id),
      (u: URL) => (u.pathname = u.pathname.replace(messageKey, "f".repeat(64))),
    ];
    for (const change of tampered) {
      const u = new URL(url);
      change(u);
      expect((await get(u.toString())).status).toBe(403);
    }
  });

  it("answers 404 to a valid signature of another organisation: it does not own the message", async () => {
    expect((await get(await exportedUrl(ctxB))).status).toBe(404);
  });
});
