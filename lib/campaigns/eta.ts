/**
 * Time left for a campaign, a message or a plan, from the workers' measured throughput
 * (lib/renders/throughput.ts); shown in the plan, the progress stream and the Retry-After of audio that is
 * not ready yet.
 */
import type { DbOrTx } from "@/lib/db";
import {
  estimateEta,
  getThroughputSample,
  listRecentCompletions,
  measureSteadySpeed,
  messageSegmentKeys,
  type EtaRange,
  type NominalThroughput,
} from "@/lib/renders";
import { campaignSegmentKeys, getBusySeconds, segmentKeysOfRenderingCampaigns } from "./queries";

export type { EtaBasis, EtaRange } from "@/lib/renders";

/** Whose remaining work an estimate waits for; `everything` is all work queued now (a plan adds its own). */
export type EtaTarget = { campaignId: string } | { messageKey: string } | "everything";

/** The part of the workers' capabilities an estimate needs (engine and model pick whose past speed counts). */
export type WorkerSpeed = { msPerAudioSecond: number | null; capacity: number; engine?: string; modelVersion?: string };

/** What the workers said about their speed at start-up: the estimate before anything was ever rendered here. */
export function nominalThroughput(worker: WorkerSpeed | null): NominalThroughput | null {
  if (!worker?.msPerAudioSecond) return null;
  return { audioSecondsPerSecond: (Math.max(1, worker.capacity) * 1000) / worker.msPerAudioSecond };
}

/**
 * Seconds until the target's remaining segments are rendered. `plus` is work not queued yet (a plan's
 * segments that will really render), leased after everything queued now. The live rate is used while the
 * workers are busy; otherwise the steady speed of this engine's last busy stretches; otherwise the workers'
 * start-up measurement.
 */
export async function estimateTimeLeft(
  db: DbOrTx,
  target: EtaTarget,
  worker: WorkerSpeed | null,
  plus: { segments: number; textUnits: number } = { segments: 0, textUnits: 0 },
): Promise<EtaRange | null> {
  const targetKeys = target === "everything" ? null : "campaignId" in target ? campaignSegmentKeys(target.campaignId) : messageSegmentKeys(target.messageKey);
  const measuredSample = await getThroughputSample(db, segmentKeysOfRenderingCampaigns(), targetKeys, await getBusySeconds(db));
  const sample = {
    ...measuredSample,
    aheadSegments: measuredSample.aheadSegments + plus.segments,
    aheadTextUnits: measuredSample.aheadTextUnits + plus.textUnits,
  };
  const live = estimateEta(sample);
  if (live) return live;
  const model = worker?.engine && worker.modelVersion ? { engine: worker.engine, modelVersion: worker.modelVersion } : null;
  const measured = measureSteadySpeed(await listRecentCompletions(db, model));
  return estimateEta(sample, { measured, nominal: nominalThroughput(worker) });
}
