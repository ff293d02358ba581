import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { previewLinks } from "@/drizzle/schema";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { assembleMessageAudio } from "@/lib/audio";
import { checkPreviewRequest, createPreviewLink, createPreviewLinkSchema, listPreviewLinks, PREVIEW_REQUESTS_PER_MINUTE, resolvePreview, resolvePreviewAudio, revokePreviewLink } from "@/lib/previews";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { startFakeWorker, type FakeWorker } from "../../../harness/fake-worker";
import { describeEachDatabase } from "../../helpers/test-db";

describeEachDatabase("preview links", (getDb) => {
  let ctx: Ctx;
  let fake: FakeWorker;
  let pool: WorkerPool;
  let campaignId: string;
  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    fake = await startFakeWorker({});
    pool = new WorkerPool({ urls: [fake.url] });
    await pool.probe();
    campaignId = await launchTestCampaign(ctx, pool.info()!, { contacts: appointmentContacts(6, 3, 2) });
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 20 });
    await dispatcher.runFor(10_000);
    expect(await waitForCampaign(ctx.db, campaignId)).toBe("ready");
  });
  afterAll(async () => {
    await pool.close();
    await fake.close();
  });

  it("creates a 128-bit token, stores only its hash, and resolves it to the campaign's audio", async () => {
    const created = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = rowsOf<{ token_hash: string }>(await ctx.db.execute(sql`select token_hash from preview_links where id = ${created.value.id}`));
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.value.token);

    const resolved = await resolvePreview(ctx.db, created.value.token, { openedBy: { clientKey: "127.0.0.1", userAgent: "Test browser" } });
    if (!resolved.ok) throw new Error(resolved.error.message);
    expect(resolved.value.campaignName).toBe("Test campaign");
    expect(resolved.value.items.length).toBeGreaterThan(0);
    expect(resolved.value.items.every((i) => i.ready && (i.durationMs ?? 0) > 0)).toBe(true);
    expect(JSON.stringify(resolved.value)).not.toMatch(/Maria|John|Doe|\+1/);
    const [link] = await listPreviewLinks(ctx, campaignId);
    expect(link).toMatchObject({ viewCount: 1, state: "active" });
  });

  it("records every open of the page (when, a key of the client's address, the browser) and lists them beside the link", async () => {
    const created = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    await resolvePreview(ctx.db, created.value.token, { openedBy: { clientKey: "203.0.113.7", userAgent: "Mozilla/5.0 (Phone)" } });
    await resolvePreview(ctx.db, created.value.token, { openedBy: { clientKey: "198.51.100.2", userAgent: null } });
    await resolvePreview(ctx.db, created.value.token); // the audio route's check records nothing
    const link = (await listPreviewLinks(ctx, campaignId)).find((l) => l.id === created.value.id)!;
    expect(link.viewCount).toBe(2);
    expect(link.opens).toHaveLength(2);
    const first = link.opens.find((o) => o.userAgent !== null);
    const second = link.opens.find((o) => o.userAgent === null);
    expect(first).toMatchObject({ clientKey: expect.stringMatching(/^[0-9a-f]{12}$/), userAgent: "Mozilla/5.0 (Phone)" });
    expect(second).toMatchObject({ clientKey: expect.stringMatching(/^[0-9a-f]{12}$/), userAgent: null });
    expect(first!.clientKey).not.toBe(second!.clientKey);
    expect(Date.now() - Date.parse(first!.openedAt)).toBeLessThan(60_000);
    const stored = rowsOf<{ client_key: string }>(await ctx.db.execute(sql`select client_key from preview_link_opens where link_id = ${created.value.id}`));
    expect(JSON.stringify(stored)).not.toContain("203.0.113.7");
  });

  it("says when the campaign was rendered with the basic offline voice", async () => {
    const created = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    const resolve = async () => {
      const resolved = await resolvePreview(ctx.db, created.value.token);
      if (!resolved.ok) throw new Error(resolved.error.message);
      return resolved.value.basicVoice;
    };
    expect(await resolve()).toBe(false); // the fake worker answers as Kokoro
    await ctx.db.execute(sql`update campaigns set engine = 'builtin' where id = ${campaignId}`);
    expect(await resolve()).toBe(true);
    await ctx.db.execute(sql`update campaigns set engine = 'kokoro' where id = ${campaignId}`);
  });

  it("scopes a recipient link to that recipient's message only", async () => {
    const [recipient] = rowsOf<{ id: string; key: string }>(
      await ctx.db.execute(sql`select id, message_key as key from campaign_recipients where campaign_id = ${campaignId} order by id limit 1`),
    );
    const [other] = rowsOf<{ key: string }>(
      await ctx.db.execute(sql`select message_key as key from campaign_recipients where campaign_id = ${campaignId} and message_key <> ${recipient!.key} limit 1`),
    );
    const created = await createPreviewLink(ctx, { campaignId, recipientId: recipient!.id, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    const resolved = await resolvePreview(ctx.db, created.value.token);
    expect(resolved).toMatchObject({ ok: true, value: { items: [{ messageKey: recipient!.key, label: "Your message" }] } });
    expect((await resolvePreviewAudio(ctx.db, created.value.token, recipient!.key)).ok).toBe(true);
    expect(await resolvePreviewAudio(ctx.db, created.value.token, other!.key)).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("shares a sample for a fictional patient: its page and its audio say no real recipient's details, and its opens are recorded", async () => {
    const realNames = /Maria|John|Aiko|Omar|Lena|Raj|Doe/;
    const created = await createPreviewLink({ ...ctx, workers: async () => pool.info() }, { campaignId, expiresInHours: 1, sample: true });
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value.sample).toBe(true);
    // Rendered by the usual dispatcher, which leases an active sample link's segments.
    await createDispatcher({ db: ctx.db, pool, pollMs: 20 }).runFor(10_000);

    const resolved = await resolvePreview(ctx.db, created.value.token, { openedBy: { clientKey: "192.0.2.10", userAgent: "Partner browser" } });
    if (!resolved.ok) throw new Error(resolved.error.message);
    expect(resolved.value.sample).toBe(true);
    expect(resolved.value.items).toHaveLength(1);
    const [item] = resolved.value.items;
    expect(item).toMatchObject({ label: "Sample message (a fictional patient)", ready: true });
    expect(JSON.stringify(resolved.value)).not.toMatch(realNames);

    // The audio is made of exactly these sentences: the fictional patient's, none of a recipient's.
    const spoken = rowsOf<{ text: string }>(
      await ctx.db.execute(sql`select s.text from message_segments ms join segments s on s.key = ms.segment_key where ms.message_key = ${item!.messageKey} order by ms.position`),
    ).map((r) => r.text).join(" ");
    expect(spoken).toContain("Alex");
    expect(spoken).toMatch(/appointment is on/);
    expect(spoken).not.toMatch(realNames);
    const audio = await assembleMessageAudio(ctx.db, item!.messageKey, "wav");
    expect(audio.ok && audio.value.bytes.length > 44).toBe(true);

    // Its token plays the sample only, not the campaign's real messages.
    expect((await resolvePreviewAudio(ctx.db, created.value.token, item!.messageKey)).ok).toBe(true);
    const [real] = rowsOf<{ key: string }>(await ctx.db.execute(sql`select message_key as key from campaign_recipients where campaign_id = ${campaignId} limit 1`));
    expect(await resolvePreviewAudio(ctx.db, created.value.token, real!.key)).toMatchObject({ ok: false, error: { code: "not_found" } });

    const link = (await listPreviewLinks(ctx, campaignId)).find((l) => l.id === created.value.id)!;
    expect(link).toMatchObject({ sample: true, viewCount: 1 });
    expect(link.opens).toMatchObject([{ userAgent: "Partner browser" }]);
  });

  it("refuses a sample link that also names a recipient", async () => {
    const input = createPreviewLinkSchema.parse({ campaignId, recipientId: campaignId, sample: true });
    expect(await createPreviewLink(ctx, input)).toMatchObject({ ok: false, error: { code: "validation_failed" } });
  });

  it("refuses an expired link and a revoked one with their own codes", async () => {
    const created = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    await ctx.db.update(previewLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(sql`id = ${created.value.id}`);
    expect(await resolvePreview(ctx.db, created.value.token)).toMatchObject({ ok: false, error: { code: "preview_expired" } });

    const second = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!second.ok) throw new Error(second.error.message);
    expect((await revokePreviewLink(ctx, second.value.id)).ok).toBe(true);
    expect(await resolvePreview(ctx.db, second.value.token)).toMatchObject({ ok: false, error: { code: "preview_revoked" } });
    expect(await resolvePreviewAudio(ctx.db, second.value.token, "a".repeat(64))).toMatchObject({ ok: false, error: { code: "preview_revoked" } });
  });

  it("checks a page request before it renders: the client's budget first, then the link's state, counting no view", async () => {
    const created = await createPreviewLink(ctx, { campaignId, expiresInHours: 1 });
    if (!created.ok) throw new Error(created.error.message);
    const client = `198.51.100.${Math.floor(Math.random() * 200)}-${created.value.id}`;
    expect(await checkPreviewRequest(ctx.db, created.value.token, client)).toEqual({ ok: true, value: true });
    expect((await listPreviewLinks(ctx, campaignId)).find((l) => l.id === created.value.id)).toMatchObject({ viewCount: 0 });
    await ctx.db.update(previewLinks).set({ expiresAt: new Date(Date.now() - 1_000) }).where(sql`id = ${created.value.id}`);
    expect(await checkPreviewRequest(ctx.db, created.value.token, client)).toMatchObject({ ok: false, error: { code: "preview_expired" } });
    expect((await revokePreviewLink(ctx, created.value.id)).ok).toBe(true);
    expect(await checkPreviewRequest(ctx.db, created.value.token, client)).toMatchObject({ ok: false, error: { code: "preview_revoked" } });
    for (let i = 3; i < PREVIEW_REQUESTS_PER_MINUTE; i++) await checkPreviewRequest(ctx.db, "A".repeat(22), client);
    const limited = await checkPreviewRequest(ctx.db, created.value.token, client);
    expect(limited).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(!limited.ok && limited.error.code === "rate_limited" && limited.error.retryAfterSeconds).toBeGreaterThan(0);
    // Another client still has its own budget.
    expect(await checkPreviewRequest(ctx.db, created.value.token, `${client}-other`)).toMatchObject({ ok: false, error: { code: "preview_revoked" } });
  });

  it("treats malformed and path-like tokens as unknown without touching the database", async () => {
    for (const token of ["", "../../etc/passwd", "%2e%2e%2f", "a".repeat(23), "' or 1=1 --", "A".repeat(22) + "\n"]) {
      expect(await resolvePreview(ctx.db, token)).toMatchObject({ ok: false, error: { code: "preview_not_found" } });
    }
    expect(await resolvePreview(ctx.db, "A".repeat(22))).toMatchObject({ ok: false, error: { code: "preview_not_found" } });
  });

  it("does not create or revoke links for another organisation's campaign", async () => {
    const other = { ...ctx, organization: { ...ctx.organization, id: "00000000-0000-4000-8000-000000000000" } };
    expect(await createPreviewLink(other, { campaignId, expiresInHours: 1 })).toMatchObject({ ok: false, error: { code: "campaign_not_found" } });
    const [link] = await listPreviewLinks(ctx, campaignId);
    expect(await revokePreviewLink(other, link!.id)).toMatchObject({ ok: false, error: { code: "preview_not_found" } });
  });
});
