import { recordSegmentsSettled, segmentKeysOfRenderingCampaigns } from "@/lib/campaigns";
import { Dispatcher, type DispatcherOptions } from "@/lib/renders";

/**
 * Where rendering meets campaigns, above both: the dispatcher leases the segments rendering campaigns
 * need and reports settled segments to campaigns, which record progress and finish campaigns. Neither
 * domain imports the other's rows for this.
 */
export function createDispatcher(options: Omit<DispatcherOptions, "neededSegmentKeys" | "onSegmentsSettled">): Dispatcher {
  return new Dispatcher({ ...options, neededSegmentKeys: segmentKeysOfRenderingCampaigns(), onSegmentsSettled: recordSegmentsSettled });
}
