/**
 * The speech check end to end on the built-in voice (eSpeak NG in WASM, the worker's stand-in engine): the
 * sentences that hold a merge value are found, rendered, heard by the real speech check service (faster-whisper)
 * and stored once per segment key; the plan's lint says what was heard, or why the check did not run; a launch
 * never waits for it. With CI=true the recogniser must be installed; elsewhere the tests that hear skip with
 * the command that installs it; with CI=true none of them skips.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { checkCampaignSpeech, createCampaign, launchCampaign, planCampaign, type WorkerCapabilities } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { encodeWav } from "@/lib/protocol/audio";
import { createPronunciation } from "@/lib/lexicon";
import { checkSpeech, SpeechCheckClient, summarizeSpeechChecks } from "@/lib/speech-check";
import { WorkerPool } from "@/lib/worker-client";
import { seedContacts, TEST_WORKER } from "../../../harness/seed";
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

  it.skipIf(!python && !required)("hears each distinct sentence with a name once, stores it, and never hears it twice", async () => {
    const client = new SpeechCheckClient({ url: service!.url, token: service!.token });
    const transcribe = vi.spyOn(client, "transcribe");
    const first = await checkCampaignSpeech(ctx, campaignId, { client, pool });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value, JSON.stringify(first.value)).toMatchObject({ ran: true, segments: 3, checked: 3, unchecked: 0, recogniser: "tiny.en" });
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
    expect(heardMaria.length, JSON.stringify(first.value)).toBe(1);

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

  it.skipIf(!python && !required)("refuses bad audio with a clear error", async () => {
    expect((await fetch(`${service!.url}/health`)).status).toBe(200);
    expect(await (await fetch(`${service!.url}/ready`)).json()).toMatchObject({ ready: true, models: { "tiny.en": true }, languages: ["en", "es"] });
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

  it.skipIf(!python && !required)("hears one file at a time per model and answers 503 busy beyond its queue", async () => {
    const narrow = await startSpeechCheck(python!, { queue: 0 });
    try {
      const client = new SpeechCheckClient({ url: narrow.url, token: narrow.token });
      // Eight seconds of a rising tone: valid audio that keeps the recogniser busy for a moment.
      const rate = 16_000;
      const samples = new Float32Array(rate * 8).map((_, i) => 0.3 * Math.sin((2 * Math.PI * (200 + i / 100) * i) / rate));
      const wav = encodeWav(samples, rate);
      const answers = await Promise.all([0, 1, 2].map(() => client.transcribe(wav, "en", [])));
      expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(1);
      const busy = answers.filter((a) => !a.ok);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      for (const a of busy) expect(a.ok || a.error).toEqual({ code: "unavailable", message: expect.stringContaining("busy") });
    } finally {
      await narrow.stop();
    }
  }, 120_000);

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

/**
 * The check's logic on a stand-in recogniser that mishears "Ahmed" as "Acmed" unless it is said "Ah-med", so
 * what is flagged, suggested and stored does not depend on a real recogniser's guesses.
 */
describeEachDatabase("the speech check's findings and suggestions", (getDb) => {
  const render = async (text: string) => ({ ok: true as const, value: Buffer.from(text, "utf8") });
  // Stored audio comes back as a WAV file: the stand-in reads the text past its 44-byte header.
  const hear = (wav: Buffer) => (wav.subarray(0, 4).toString() === "RIFF" ? wav.subarray(44) : wav).toString("utf8").replace(/\bAhmed\b/g, "Acmed").replace(/\bAh-med\b/gi, "Ahmed");
  const standIn = () => {
    const client = new SpeechCheckClient({ url: "http://127.0.0.1:1" });
    vi.spyOn(client, "ready").mockResolvedValue({ ok: true, value: true });
    vi.spyOn(client, "transcribe").mockImplementation(async (wav, language, expect) => {
      const text = hear(wav);
      const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\d\s]/gu, " ").replace(/\s+/g, " ").trim();
      return { ok: true, value: { text, normalized: norm(text), expected: expect.map((e) => ({ text: e, normalized: norm(e) })), words: [], language, model: "tiny.en", audio_seconds: 2, asr_seconds: 0.5 } };
    });
    return client;
  };
  const segments = [
    { key: "k-ahmed", text: "Hello Ahmed, this is the clinic.", values: ["Ahmed"] },
    { key: "k-maria", text: "Hello Maria, this is the clinic.", values: ["Maria"] },
  ];

  it("flags a value not heard back with what was heard and a respelling it heard right, stored once", async () => {
    const db = getDb().db;
    const client = standIn();
    const report = await checkSpeech(db, { client, render }, segments, "en");
    expect(report).toMatchObject({ ran: true, segments: 2, checked: 2, unchecked: 0, audioSeconds: 4, recogniserSeconds: 1 });
    expect(report.ran && report.findings).toEqual([
      { segmentKey: "k-ahmed", sentence: segments[0]!.text, value: "Ahmed", heard: "Hello Acmed, this is the clinic.", suggestion: { term: "Ahmed", sayAs: "Ah-med" } },
    ]);
    expect(await summarizeSpeechChecks(db, null, segments, "en")).toEqual(report);
  });

  it("keeps what it heard of an accepted respelling, so the plan shows the name heard fixed without listening again", async () => {
    const { db, organization } = getDb();
    const ctx: Ctx = { db, organization, workers: async () => TEST_WORKER };
    await seedContacts(db, organization.id, [{ firstName: "Ahmed", phone: "+12025550300" }]);
    const created = await createCampaign(ctx, { name: "Ahmed", template: "Hello {{firstName}}, this is the clinic.", voice: "af_heart", speed: 1, recipients: { mode: "all" } }, TEST_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const client = standIn();
    // A worker pool whose "audio" is the text itself, which the stand-in recogniser reads.
    const pool = { render: async ({ text }: { text: string }) => ({ ok: true as const, value: { bytes: Buffer.from(text, "utf8") } }) } as unknown as WorkerPool;
    const checked = await checkCampaignSpeech(ctx, created.value.id, { client, pool });
    expect(checked.ok && checked.value).toMatchObject({ ran: true, segments: 1, checked: 1, findings: [{ value: "Ahmed", heard: "Hello Acmed, this is the clinic.", suggestion: { term: "Ahmed", sayAs: "Ah-med" } }] });

    // One click: the suggestion goes into the dictionary. The sentence is now another segment, already heard.
    expect((await createPronunciation(ctx, { term: "Ahmed", sayAs: "Ah-med" })).ok).toBe(true);
    vi.mocked(client.transcribe).mockClear();
    const planned = await planCampaign(ctx, created.value.id, TEST_WORKER, client);
    if (!planned.ok) throw new Error(planned.error.message);
    expect(planned.value.speechCheck).toMatchObject({ ran: true, segments: 1, checked: 1, unchecked: 0, findings: [] });
    expect(client.transcribe).not.toHaveBeenCalled();
  });

  it("after launch hears stored audio only, and tries respellings on the next check that may render", async () => {
    const db = getDb().db;
    const client = standIn();
    const after = [{ key: "k-ahmed-2", text: "Bye Ahmed.", values: ["Ahmed"] }];
    // No worker to render with and no stored audio: nothing is heard, nothing is stored.
    const nothing = await checkSpeech(db, { client, render: null }, after, "en");
    expect(nothing).toMatchObject({ ran: true, checked: 0, unchecked: 1 });
    await db.execute(sql`insert into segments (key, text, voice, speed, engine, model_version, status) values ('k-ahmed-2', 'Bye Ahmed.', 'af_basic', 1, 'builtin', 'test', 'done')`);
    await db.execute(sql`insert into segment_audio (segment_key, sample_rate, pcm) values ('k-ahmed-2', 24000, ${Buffer.from("Bye Ahmed.", "utf8")})`);
    const heard = await checkSpeech(db, { client, render: null }, after, "en");
    expect(heard.ran && heard.findings).toEqual([expect.objectContaining({ value: "Ahmed", suggestion: null })]);
    const later = await checkSpeech(db, { client, render }, after, "en");
    expect(later.ran && later.findings).toEqual([expect.objectContaining({ value: "Ahmed", suggestion: { term: "Ahmed", sayAs: "Ah-med" } })]);
  });
});
