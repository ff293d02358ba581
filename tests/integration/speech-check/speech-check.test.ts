/**
 * The speech check end to end on the built-in voice (eSpeak NG in WASM, the worker's stand-in engine): the
 * sentences that hold a merge value are found, rendered, heard by the real speech check service (faster-whisper)
 * and stored once per segment key; the plan's lint says what was heard, or why the check did not run; a launch
 * never waits for it. With CI=true the recogniser must be installed; elsewhere the tests that hear skip with
 * the command that installs it.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { checkCampaignSpeech, createCampaign, launchCampaign, planCampaign, type WorkerCapabilities } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createPronunciation } from "@/lib/lexicon";
import { SpeechCheckClient } from "@/lib/speech-check";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts } from "../../../harness/seed";
import { findPython } from "../../../harness/python-env";
import { startSpeechCheck, type TestSpeechCheck } from "../../../harness/speech-check-process";
import { getFreePort, startTestWorker, type TestWorker } from "../../../harness/worker-process";
import { describeEachDatabase } from "../../helpers/test-db";

const python = await findPython("asr");
const required = process.env.CI === "true";
const asrHint = "run `npm run speech-check:setup` to install the speech check's recogniser";
if (!required && !python) console.log(`[speech check] tests that hear skipped: ${asrHint}`);

const TEMPLATE = "Hello {{firstName}}. This is Bright Smile Dental, call us at 202 555 0100 to confirm or say stop to opt out.";
const NAMES = ["Maria", "Peter", "Maria", "Oyelaran"];

describeEachDatabase("the speech check", (getDb) => {
  let worker: TestWorker;
  let pool: WorkerPool;
  let info: WorkerCapabilities;
  let ctx: Ctx;
  let service: TestSpeechCheck | null = null;
  let campaignId: string;

  beforeAll(async () => {
    worker = await startTestWorker({ engine: "builtin", threads: 1, readyTimeoutMs: 120_000 });
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined, renderDeadlineMs: 60_000 });
    await pool.probe();
    info = pool.info()!;
    ctx = { db: getDb().db, organization: getDb().organization, workers: async () => info };
    await seedContacts(ctx.db, ctx.organization.id, NAMES.map((firstName, i) => ({ firstName, phone: `+1202555020${i}` })));
    const created = await createCampaign(ctx, { name: "Names", template: TEMPLATE, voice: "af_basic", speed: 1, recipients: { mode: "all" } }, info);
    if (!created.ok) throw new Error(created.error.message);
    campaignId = created.value.id;
    if (python) service = await startSpeechCheck(python);
  }, 240_000);
  afterAll(async () => {
    await service?.stop();
    await pool?.close();
    await worker?.stop();
  });

  it.runIf(required)("has the recogniser installed", () => {
    expect(python, asrHint).not.toBeNull();
  });

  it("says in the plan that the check did not run, and why, when it is not set up or its service is down", async () => {
    const off = await planCampaign(ctx, campaignId, info, null);
    if (!off.ok) throw new Error(off.error.message);
    // Three distinct names, each in its own sentence; the other sentences hold no merge value.
    expect(off.value.speechCheck).toEqual({ ran: false, segments: 3, reason: expect.stringContaining("npm run speech-check:setup") });

    const down = new SpeechCheckClient({ url: `http://127.0.0.1:${await getFreePort()}`, token: "x".repeat(16) });
    const planned = await planCampaign(ctx, campaignId, info, down);
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.speechCheck).toMatchObject({ ran: false, segments: 3, reason: expect.stringContaining("not reachable") });
    const checked = await checkCampaignSpeech(ctx, campaignId, { client: down, pool });
    expect(checked.ok && checked.value).toMatchObject({ ran: false, reason: expect.stringContaining("not reachable") });
    const stored = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from speech_checks`));
    expect(stored[0]!.n).toBe(0);
  });

  it.skipIf(!python)("hears each distinct sentence with a name once, stores it, and never hears it twice", async () => {
    const client = new SpeechCheckClient({ url: service!.url, token: service!.token });
    const transcribe = vi.spyOn(client, "transcribe");
    const first = await checkCampaignSpeech(ctx, campaignId, { client, pool });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value).toMatchObject({ ran: true, segments: 3, checked: 3, unchecked: 0, recogniser: "tiny.en" });
    if (!first.value.ran) throw new Error("not ran");
    expect(first.value.recogniserSeconds).toBeGreaterThan(0);
    // Every finding says what was heard; a suggestion, when there is one, is a dictionary entry for a word of the value.
    for (const f of first.value.findings) {
      expect(f.heard.length).toBeGreaterThan(0);
      if (f.suggestion) expect(f.value.toLowerCase()).toContain(f.suggestion.term.toLowerCase());
    }
    const rows = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from speech_checks`));
    expect(rows[0]!.n).toBe(3);
    const heardMaria = rowsOf<{ heard: string }>(await ctx.db.execute(sql`select heard from speech_checks where heard ilike '%maria%'`));
    expect(heardMaria.length).toBe(1);

    transcribe.mockClear();
    const again = await checkCampaignSpeech(ctx, campaignId, { client, pool });
    expect(transcribe).not.toHaveBeenCalled();
    expect(again.ok && again.value).toEqual(first.value);

    // The plan shows the stored results without hearing anything.
    const planned = await planCampaign(ctx, campaignId, info, client);
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.speechCheck).toEqual(first.value);
    expect(transcribe).not.toHaveBeenCalled();
  }, 300_000);

  it.skipIf(!python)("refuses bad audio with a clear error", async () => {
    const client = new SpeechCheckClient({ url: service!.url, token: service!.token });
    const notWav = await client.transcribe(Buffer.from("this is not audio at all, just text"), "en", ["Maria"]);
    expect(notWav).toEqual({ ok: false, error: { code: "refused", message: expect.stringContaining("not a WAV file") } });
    const header = Buffer.alloc(44);
    header.write("RIFF", 0, "ascii");
    header.write("WAVE", 8, "ascii");
    const empty = await client.transcribe(header, "en", []);
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.error.code).toBe("refused");
    const stranger = new SpeechCheckClient({ url: service!.url, token: "not-the-token-at-all" });
    const denied = await stranger.transcribe(header, "en", []);
    expect(denied.ok || denied.error.message).toContain("Bearer token");
  });

  it("launches whether or not the check ran, and an accepted respelling re-keys only the sentences that hold its word", async () => {
    const before = await planCampaign(ctx, campaignId, info, null);
    if (!before.ok) throw new Error(before.error.message);
    const created = await createPronunciation(ctx, { term: "Oyelaran", sayAs: "Oh-yeh-lah-rahn" });
    expect(created.ok).toBe(true);
    const after = await planCampaign(ctx, campaignId, info, null);
    if (!after.ok) throw new Error(after.error.message);
    // One sentence of the message changed key (the name's); the others are the same audio as before.
    expect(after.value.distinctSegments).toBe(before.value.distinctSegments);
    expect(after.value.pronunciations).toEqual([expect.objectContaining({ term: "Oyelaran", sentences: 1, toRender: 1 })]);
    const launched = await launchCampaign(ctx, campaignId, info);
    expect(launched.ok).toBe(true);
  });
});
