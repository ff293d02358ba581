import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { duplicateCampaign, launchCampaign, planCampaign, type WorkerCapabilities } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import {
  createPronunciation,
  deletePronunciation,
  exportPronunciationsCsv,
  importPronunciationsCsv,
  listPronunciations,
  loadLexicon,
  updatePronunciation,
} from "@/lib/lexicon";
import { auditionVoice } from "@/lib/renders/audition";
import { WorkerPool } from "@/lib/worker-client";
import { launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { describeEachDatabase } from "../../helpers/test-db";
import { startTestWorker, type TestWorker } from "../../../harness/worker-process";

const TEMPLATE = "Hi {{firstName}} {{lastName}}. This is Bright Smile Dental. Press 1 to confirm.";
const CONTACTS = [
  { firstName: "Ann", lastName: "Nguyen" },
  { firstName: "Bo", lastName: "Nguyen" },
  { firstName: "Cy", lastName: "Smith" },
  { firstName: "Di", lastName: "Jones" },
  // Another Ann Nguyen: one more recipient, the same message.
  { firstName: "Ann", lastName: "Nguyen" },
].map((c, i) => ({ ...c, phone: `+1202555010${i}` }));

describeEachDatabase("the pronunciation dictionary", (getDb) => {
  let worker: TestWorker;
  let pool: WorkerPool;
  let ctx: Ctx;
  let info: WorkerCapabilities;

  beforeAll(async () => {
    worker = await startTestWorker();
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined, renderDeadlineMs: 30_000 });
    await pool.probe();
    info = pool.info()!;
    ctx = { db: getDb().db, organization: getDb().organization };
  });
  afterAll(async () => {
    await pool?.close();
    await worker?.stop();
  });

  /** Renders every queued segment of the campaign; returns how many segments the dispatcher rendered. */
  async function render(campaignId: string): Promise<number> {
    const dispatcher = createDispatcher({ db: ctx.db, pool, pollMs: 50 });
    dispatcher.start();
    expect(await waitForCampaign(ctx.db, campaignId)).toBe("ready");
    await dispatcher.stop();
    return dispatcher.stats.rendered;
  }

  async function launchCopy(campaignId: string): Promise<string> {
    const copy = await duplicateCampaign(ctx, campaignId);
    if (!copy.ok) throw new Error(copy.error.message);
    return copy.value.id;
  }

  async function plan(campaignId: string) {
    const planned = await planCampaign(ctx, campaignId, info);
    if (!planned.ok) throw new Error(planned.error.message);
    return planned.value;
  }

  async function launch(campaignId: string) {
    const launched = await launchCampaign(ctx, campaignId, info);
    if (!launched.ok) throw new Error(launched.error.message);
  }

  async function spokenSentences(campaignId: string): Promise<string[]> {
    const rows = rowsOf<{ text: string }>(
      await ctx.db.execute(sql`select s.text from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${campaignId} order by s.text`),
    );
    return rows.map((r) => r.text);
  }

  it("re-renders exactly the sentences that hold a word when its entry is added, edited or deleted", { timeout: 120_000 }, async () => {
    const first = await launchTestCampaign(ctx, info, { contacts: CONTACTS, template: TEMPLATE });
    // Four greetings and the two sentences every message shares.
    expect(await render(first)).toBe(6);

    const added = await createPronunciation(ctx, { term: "Nguyen", sayAs: "win" });
    if (!added.ok) throw new Error(added.error.message);
    const second = await launchCopy(first);
    const afterAdd = await plan(second);
    // The two greetings with Nguyen are new sentences; the other four are already rendered.
    expect(afterAdd).toMatchObject({ recipients: 5, distinctMessages: 4, distinctSegments: 6, alreadyRendered: 4, toRender: 2 });
    expect(afterAdd.pronunciations).toEqual([{ term: "Nguyen", sayAs: "win", language: "en", sentences: 2, messages: 2, recipients: 3, toRender: 2 }]);
    await launch(second);
    expect(await render(second)).toBe(2);
    expect(await spokenSentences(second)).toEqual(expect.arrayContaining(["Hi Ann win.", "Hi Bo win.", "Hi Cy Smith."]));

    const edited = await updatePronunciation(ctx, added.value.id, { term: "Nguyen", sayAs: "nwen" });
    if (!edited.ok) throw new Error(edited.error.message);
    const third = await launchCopy(first);
    expect(await plan(third)).toMatchObject({ toRender: 2, pronunciations: [{ term: "Nguyen", sayAs: "nwen", sentences: 2, toRender: 2 }] });
    await launch(third);
    expect(await render(third)).toBe(2);

    // Deleted: the words are said as written again, and that audio exists since the first campaign.
    const deleted = await deletePronunciation(ctx, added.value.id);
    expect(deleted.ok).toBe(true);
    const fourth = await launchCopy(first);
    expect(await plan(fourth)).toMatchObject({ alreadyRendered: 6, toRender: 0, pronunciations: [] });
  });

  it("refuses a second entry for a spelling in another case, and an edit onto a spelling another entry has", async () => {
    const siobhan = await createPronunciation(ctx, { term: "Siobhán", sayAs: "shiv-awn" });
    if (!siobhan.ok) throw new Error(siobhan.error.message);
    expect(await createPronunciation(ctx, { term: "SIOBHÁN", sayAs: "shiv-on" })).toMatchObject({ ok: false, error: { code: "term_taken" } });
    const saoirse = await createPronunciation(ctx, { term: "Saoirse", sayAs: "seer-sha" });
    if (!saoirse.ok) throw new Error(saoirse.error.message);
    expect(await updatePronunciation(ctx, saoirse.value.id, { term: "siobhán", sayAs: "x" })).toMatchObject({ ok: false, error: { code: "term_taken" } });
    // Its own spelling in another case is fine.
    expect(await updatePronunciation(ctx, siobhan.value.id, { term: "SIOBHÁN", sayAs: "shiv-awn" })).toMatchObject({ ok: true, value: { term: "SIOBHÁN" } });
    expect(await deletePronunciation(ctx, "00000000-0000-4000-8000-000000000000")).toMatchObject({ ok: false, error: { code: "pronunciation_not_found" } });
  });

  it("imports good rows, reports each bad row by its number, and exports a file that imports back unchanged", async () => {
    const csv = [
      "Term,Say As",
      "Ōtsuka,oat-ska",
      "Nguyen,win 2", // a digit
      "Dubois,doo-bwah",
      "dubois,dew-boys", // the same word again
      `${"x".repeat(5_000)},long`,
      "",
      "Saoirse,sur-sha", // replaces the entry of the previous test
      "Bad.Name,bad",
    ].join("\n");
    const report = await importPronunciationsCsv(ctx, Buffer.from(csv));
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value).toMatchObject({ rowsTotal: 7, created: 2, updated: 1 });
    expect(report.value.errors.map((e) => e.row)).toEqual([3, 5, 6, 9]);
    expect(report.value.errors[0]!.message).toMatch(/^say_as "win 2": .*no digits/);
    expect(report.value.errors[1]!.message).toMatch(/already on row 4/);

    const exported = await exportPronunciationsCsv(ctx);
    const rows = Papa.parse<string[]>(exported.trim()).data;
    expect(rows[0]).toEqual(["term", "say_as", "language"]);
    expect(rows.slice(1)).toEqual(expect.arrayContaining([["Ōtsuka", "oat-ska", "en"], ["Dubois", "doo-bwah", "en"], ["Saoirse", "sur-sha", "en"]]));
    const before = await listPronunciations(ctx);
    const again = await importPronunciationsCsv(ctx, exported);
    expect(again).toMatchObject({ ok: true, value: { created: 0, updated: before.length, errors: [] } });
    expect((await listPronunciations(ctx)).map(({ term, sayAs }) => ({ term, sayAs }))).toEqual(before.map(({ term, sayAs }) => ({ term, sayAs })));
  });

  it("refuses a file without the two columns, and one too big to read, saving nothing", async () => {
    const before = await listPronunciations(ctx);
    expect(await importPronunciationsCsv(ctx, "name,phone\nNguyen,555\n")).toMatchObject({ ok: false, error: { code: "csv_invalid" } });
    expect(await importPronunciationsCsv(ctx, `term,say_as\n${"a,b\n".repeat(200_000)}`)).toMatchObject({ ok: false, error: { code: "csv_invalid" } });
    expect(await listPronunciations(ctx)).toEqual(before);
  });

  it("auditions a sentence as the dictionary says it, an unsaved entry included", async () => {
    const lexicon = await loadLexicon(ctx, [{ term: "Nguyen", sayAs: "win" }]);
    const asked = vi.spyOn(pool, "streamSpeech");
    const result = await auditionVoice(pool, { voice: info.voices[0]!, speed: 1, text: "Hi Nguyen and Dubois." }, undefined, lexicon);
    if (!result.ok) throw new Error(result.error.message);
    const mp3 = Buffer.from(await new Response(result.value.body).arrayBuffer());
    expect(asked.mock.calls[0]![0]).toMatchObject({ input: "Hi win and doo-bwah." });
    expect(mp3.length).toBeGreaterThan(500);
    asked.mockRestore();
  });
});
