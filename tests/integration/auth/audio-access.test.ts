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
  const { getDatabase } = await import("@/lib/runtime/resources");
  const { createOrganization } = await import("@/lib/organizations");
  const { createCampaign, launchCampaign, listCampaignRecipients } = await import("@/lib/campaigns");
  const { getAudioUrlSigningKey } = await import("@/lib/runtime/resources");
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
  const { getDatabase } = await import("@/lib/runtime/resources");
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

  it("exports each phone system's formats as signed URLs that play without a session, with the right headers", async () => {
    const { exportCampaignAudio, listCampaigns } = await import("@/lib/campaigns");
    const { PROFILE_INFO } = await import("@/lib/audio");
    const [campaign] = (await listCampaigns(ctxA)) as { id: string }[];
    const expected = {
      twilio: { audio_url_mp3: ["audio/mpeg", "mp3"], audio_url_wav8k: ["audio/wav", "8k.wav"] },
      asterisk: { audio_url_ulaw: ["audio/basic", "ulaw"], audio_url_wav8k: ["audio/wav", "8k.wav"] },
      freeswitch: { audio_url_wav8k: ["audio/wav", "8k.wav"], audio_url_mp3: ["audio/mpeg", "mp3"] },
      generic: { audio_url_wav: ["audio/wav", "wav"], audio_url_mp3: ["audio/mpeg", "mp3"], audio_url_wav8k: ["audio/wav", "8k.wav"], audio_url_ulaw: ["audio/basic", "ulaw"] },
    } as const;
    for (const [profile, columns] of Object.entries(expected) as [keyof typeof expected, Record<string, readonly [string, string]>][]) {
      const exported = await exportCampaignAudio(ctxA, campaign!.id, "http://localhost:3000", { format: "json", profile }, { key: signingKey });
      if (!exported.ok) throw new Error(exported.error.message);
      const [row] = (JSON.parse(await new Response(exported.value.body).text()) as { recipients: Record<string, string>[] }).recipients;
      expect(Object.keys(row!).filter((k) => k.startsWith("audio_url_")), profile).toEqual(Object.keys(columns));
      expect(row!.audio_url, profile).toBe(row![`audio_url_${PROFILE_INFO[profile].formats[0]}`]);
      for (const [column, [contentType, extension]] of Object.entries(columns)) {
        expect(row![column]).toMatch(new RegExp(`/api/audio/${messageKey}\\.${extension.replace(".", "\\.")}\\?org=${ctxA.organization.id}&exp=\\d+&sig=[0-9a-f]{64}&name=Maria-Tester0-Reminders$`));
        const res = await get(row![column]!);
        expect(res.status, `${profile} ${column}`).toBe(200);
        expect(res.headers.get("content-type"), `${profile} ${column}`).toBe(contentType);
        // Named after the recipient and the campaign, not after the 64-character key.
        expect(res.headers.get("content-disposition")).toBe(`inline; filename="Maria-Tester0-Reminders.${extension}"`);
        // Cached by the phone system until the link expires (30 days), never by a shared cache.
        const maxAge = Number(/^private, max-age=(\d+), immutable$/.exec(res.headers.get("cache-control") ?? "")?.[1]);
        expect(maxAge).toBeGreaterThan(29 * 24 * 3600);
        expect(maxAge).toBeLessThanOrEqual(30 * 24 * 3600);
        expect(res.headers.get("etag")).toMatch(new RegExp(`^"${messageKey}-`));
      }
    }
  });

  it("saves the file instead of playing it when asked to download", async () => {
    const { signedMessageAudioUrl } = await import("@/lib/campaigns");
    const url = `${signedMessageAudioUrl({ key: signingKey }, ctxA.organization.id, messageKey, "mp3", "http://localhost:3000")}&download=1`;
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${messageKey}.mp3"`);
    // The recipients table's download names the file after the patient and campaign, accents and all made safe.
    const named = await get(`${url}&name=${encodeURIComponent("Müller Anna Reminders\"; x=y")}`);
    expect(named.headers.get("content-disposition")).toBe('attachment; filename="Muller-Anna-Reminders-x-y.mp3"');
  });

  it("still plays links exported before profiles, as mu-law WAV", async () => {
    const { signedMessageAudioUrl } = await import("@/lib/campaigns");
    const res = await get(signedMessageAudioUrl({ key: signingKey }, ctxA.organization.id, messageKey, "mulaw", "http://localhost:3000"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/wav");
    expect(Buffer.from(await res.arrayBuffer()).readUInt16LE(20)).toBe(7);
  });

  it("answers 400 to a file name of no known format", async () => {
    for (const file of [`${messageKey}.ogg`, `${messageKey}.wav.mp3`, `${messageKey.slice(1)}.wav`, `${"../".repeat(3)}x.wav`]) {
      expect((await get(`/api/audio/${encodeURIComponent(file)}`)).status, file).toBe(400);
    }
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
