/**
 * Time left for a campaign, a message or a plan, from live worker throughput (lib/renders/throughput.ts);
 * shown in the plan, the progress stream and the Retry-After of audio that is not ready yet.
 */
import type { DbOrTx } from "@/lib/db";
import { estimateEta, getThroughputSample, messageSegmentKeys, type EtaRange, type NominalThroughput } from "@/lib/renders";
import { campaignSegmentKeys, getBusySeconds, segmentKeysOfRenderingCampaigns } from "./queries";

export type { EtaRange } from "@/lib/renders";

/** Whose remaining work an estimate waits for; `everything` is all work queued now (a plan adds its own). */
export type EtaTarget = { campaignId: string } | { messageKey: string } | "everything";

/** The part of the workers' capabilities an estimate needs. */
export type WorkerSpeed = { msPerAudioSecond: number | null; capacity: number };

/** What the workers said about their speed at start-up: the estimate before any live completions exist. */
export function nominalThroughput(worker: WorkerSpeed | null): NominalThroughput | null {
  if (!worker?.msPerAudioSecond) return null;
  return { audioSecondsPerSecond: (Math.max(1, worker.capacity) * 1000) / worker.msPerAudioSecond };
}

/**
 * Seconds until the target's remaining segments are rendered. `plus` is work not queued yet (a plan's
 * segments to render), leased after everything queued now.
 */
export async function estimateTimeLeft(
  db: DbOrTx,
  target: EtaTarget,
  worker: WorkerSpeed | null,
  plus: { segments: number; textUnits: number } = { segments: 0, textUnits: 0 },
): Promise<EtaRange | null> {
  const targetKeys = target === "everything" ? null : "campaignId" in target ? campaignSegmentKeys(target.campaignId) : messageSegmentKeys(target.messageKey);
  const sample = await getThroughputSample(db, segmentKeysOfRenderingCampaigns(), targetKeys);
  return estimateEta(
    {
      ...sample,
      busySeconds: await getBusySeconds(db),
      aheadSegments: sample.aheadSegments + plus.segments,
      aheadTextUnits: sample.aheadTextUnits + plus.textUnits,
    },
    nominalThroughput(worker),
  );
}
