import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assembleMessageAudio } from "@/lib/audio";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { LOUDNESS } from "@/lib/protocol/audio";
import { createDispatcher } from "@/lib/runtime/dispatcher";
import { WorkerPool } from "@/lib/worker-client";
import { appointmentContacts, launchTestCampaign, waitForCampaign } from "../../helpers/campaign-run";
import { describeEachDatabase } from "../../helpers/test-db";
import { startTestWorker, type TestWorker } from "../../../harness/worker-process";

const scratch = mkdtempSync(path.join(os.tmpdir(), "audio-loudness-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The level sox measures once it has cut every stretch quieter than -45 dB for 10 ms or more: the level of
 * the speech, blind to pause length. An independent measure of what the assembler aims at.
 */
function soxSpeechLevelDb(file: string): number {
  // `stat` reports on stderr; `2>&1` through the shell would need quoting, so read stderr from spawnSync.
  const result = spawnSync("sox", [file, "-n", "silence", "1", "0.01", "-45d", "-1", "0.01", "-45d", "stat"]);
  const rms = /RMS\s+amplitude:\s+([\d.]+)/.exec(result.stderr.toString())?.[1];
  if (!rms) throw new Error(`sox stat said: ${result.stderr.toString()}`);
  return 20 * Math.log10(Number(rms));
}

describeEachDatabase("loudness across a campaign", (getDb) => {
  let ctx: Ctx;
  let worker: TestWorker;
  let pool: WorkerPool;
  let campaignId: string;

  beforeAll(async () => {
    ctx = { db: getDb().db, organization: getDb().organization };
    worker = await startTestWorker();
    pool = new WorkerPool({ urls: [worker.url], token: worker.token ?? undefined, renderDeadlineMs: 30_000 });
    await pool.probe();
    // Twelve names and six times: messages of different words and lengths.
    campaignId = await launchTestCampaign(ctx, pool.info()!, { contacts: appointmentContacts(12, 12, 6) });
    await createDispatcher({ db: ctx.db, pool, pollMs: 20 }).runFor(60_000);
    expect(await waitForCampaign(ctx.db, campaignId)).toBe("ready");
  });
  afterAll(async () => {
    await pool?.close();
    await worker?.stop();
  });

  it("plays every recipient's message at the target level, within 1 dB", async () => {
    const keys = rowsOf<{ key: string }>(await ctx.db.execute(sql`select distinct message_key as key from campaign_recipients where campaign_id = ${campaignId}`));
    expect(keys.length).toBeGreaterThanOrEqual(10);
    const levels: number[] = [];
    for (const { key } of keys) {
      const audio = await assembleMessageAudio(ctx.db, key, "wav");
      if (!audio.ok) throw new Error(audio.error.message);
      const file = path.join(scratch, `${key}.wav`);
      writeFileSync(file, audio.value.bytes);
      levels.push(soxSpeechLevelDb(file));
    }
    console.info(`speech levels (dB): ${levels.map((l) => l.toFixed(2)).join(", ")}; target ${LOUDNESS.targetDb}`);
    for (const level of levels) expect(Math.abs(level - LOUDNESS.targetDb)).toBeLessThanOrEqual(1);
    expect(Math.max(...levels) - Math.min(...levels)).toBeLessThanOrEqual(1);
  });
});
