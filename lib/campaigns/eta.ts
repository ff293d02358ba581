/**
 * Time left for a campaign, a message or a plan, from live worker throughput (lib/renders/throughput.ts);
 * shown in the plan, the progress stream and the Retry-After of audio that is not ready yet.
 */
import type { DbOrTx } from "@/lib/db";
import { estimateEta, getThroughputSample, type EtaRange, type EtaTarget, type NominalThroughput } from "@/lib/renders";

export type { EtaRange } from "@/lib/renders";

/** The part of WorkerInfo an estimate needs. */
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
  const sample = await getThroughputSample(db, target);
  return estimateEta(
    { ...sample, aheadSegments: sample.aheadSegments + plus.segments, aheadTextUnits: sample.aheadTextUnits + plus.textUnits },
    nominalThroughput(worker),
  );
}
