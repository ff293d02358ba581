import { workersOf, type Ctx } from "@/lib/context";
import { loadLexicons } from "@/lib/lexicon";
import { computeSegmentKey } from "@/lib/renders";
import { ok, err, type Result } from "@/lib/result";
import { checkSpeech, type SpeechCheckClient, type SpeechCheckReport } from "@/lib/speech-check";
import type { WorkerPool } from "@/lib/worker-client";
import { campaignNotFound, type CampaignError } from "./errors";
import { planningPages, VersionPlanners } from "./planning";
import { getCampaign } from "./queries";
import { messageVersionsOf, renderTargetOf } from "./service";
import { byVoice, checkedLanguageOf, combineReports, SpeechSegmentTally, unheardVoice } from "./speech-check";

export type CheckCampaignSpeechDeps = { client: SpeechCheckClient | null; pool: WorkerPool | null; deadline?: number };

/**
 * Hears every distinct sentence of a campaign that holds a merge value (the builder's "check names" button,
 * and after launch while rendering goes on): stored audio when the sentence has been rendered, else the
 * worker renders it with the campaign's voice. Never changes the campaign; the report says what was heard.
 */
export async function checkCampaignSpeech(
  ctx: Ctx,
  id: string,
  deps: CheckCampaignSpeechDeps,
): Promise<Result<SpeechCheckReport, CampaignError<"campaign_not_found" | "template_invalid" | "voice_language_mismatch">>> {
  const campaign = await getCampaign(ctx.db, ctx.organization.id, id);
  if (!campaign) return err(campaignNotFound());
  const versions = messageVersionsOf(campaign);
  if (!versions.ok) return versions;
  const worker = await workersOf(ctx);
  const target = renderTargetOf(campaign, worker);
  // The same planner as plan and launch: each version's sentences keyed for its own voice and speech rules.
  const planner = new VersionPlanners(versions.value, (voice) => ({ ...target, voice }), await loadLexicons(ctx));
  const tally = new SpeechSegmentTally(versions.value);
  await ctx.db.transaction(async (tx) => {
    for await (const page of planningPages(tx, campaign, versions.value, ctx.organization, { order: "contact" })) {
      for (const m of page.messages) if (m.missing.length === 0 || campaign.missingValues !== "skip") tally.add(m, planner.plan(m));
    }
  });
  const pool = deps.pool;
  const reports: SpeechCheckReport[] = [];
  const groups = byVoice(tally.list());
  if (groups.size === 0) groups.set(campaign.voice, []);
  for (const [voice, segments] of groups) {
    const language = checkedLanguageOf(voice);
    if (!language) {
      reports.push(unheardVoice(voice, segments.length));
      continue;
    }
    const render = pool && worker
      ? async (text: string): Promise<Result<Buffer, string>> => {
          const rendered = await pool.render({ text, voice, speed: campaign.speed, format: "wav" });
          return rendered.ok ? ok(rendered.value.bytes) : err(rendered.error.message);
        }
      : null;
    // Respellings are suggested in English only: the suggester writes English syllables ("Ah-med"), which the
    // Spanish dictionary would refuse or say differently.
    const keyOf = (text: string) => computeSegmentKey({ ...target, voice, text });
    reports.push(await checkSpeech(ctx.db, { client: deps.client, render, deadline: deps.deadline, suggest: language === "en", keyOf }, segments, language));
  }
  return ok(combineReports(reports));
}

/** How often a launched campaign's newly rendered sentences are heard, and for how long at most. */
export const FOLLOW_INTERVAL_MS = 5_000;
export const FOLLOW_MAX_MS = 60 * 60_000;

/**
 * After launch, off the request path: hears each sentence with a merge value as soon as its audio is rendered
 * (the check renders nothing itself here, so it never slows rendering beyond the recogniser's own CPU), until
 * every one is heard, the service stops answering, or FOLLOW_MAX_MS has passed. Errors are logged, never thrown.
 */
export async function followCampaignSpeech(ctx: Ctx, id: string, client: SpeechCheckClient | null, options: { intervalMs?: number; maxMs?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<SpeechCheckReport | null> {
  if (!client) return null;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()));
  const until = Date.now() + (options.maxMs ?? FOLLOW_MAX_MS);
  let last: SpeechCheckReport | null = null;
  while (Date.now() < until) {
    const result = await checkCampaignSpeech(ctx, id, { client, pool: null, deadline: until });
    if (!result.ok) return last;
    last = result.value;
    if (!last.ran || last.unchecked === 0) return last;
    await sleep(options.intervalMs ?? FOLLOW_INTERVAL_MS);
  }
  return last;
}
