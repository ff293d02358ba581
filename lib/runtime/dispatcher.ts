import { sql } from "drizzle-orm";
import { answerSegmentKeys } from "@/lib/calls";
import { recordSegmentsSettled, segmentKeysOfRenderingCampaigns } from "@/lib/campaigns";
import { sampleSegmentKeys } from "@/lib/previews";
import { Dispatcher, type DispatcherOptions } from "@/lib/renders";

/**
 * Where rendering meets campaigns and calls, above them: the dispatcher leases the segments rendering
 * campaigns need, those of the calls' spoken sentences (key prompt, answers) and of sample preview links,
 * and reports settled
 * segments to campaigns, which record progress and finish campaigns. No domain imports another's rows for this.
 */
export function createDispatcher(options: Omit<DispatcherOptions, "neededSegmentKeys" | "onSegmentsSettled">): Dispatcher {
  const needed = sql`${segmentKeysOfRenderingCampaigns()} union ${answerSegmentKeys()} union ${sampleSegmentKeys()}`;
  return new Dispatcher({ ...options, neededSegmentKeys: needed, onSegmentsSettled: recordSegmentsSettled });
}
