export { computeMessageKey, computeSegmentKey, type SegmentIdentity } from "./keys";
export { estimateAudioSeconds, planMessages, type PlannedMessage, type PlannedSegment, type RenderPlan, type RenderTarget } from "./plan";
export {
  countCampaignSegments,
  insertCampaignSegments,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  refreshCampaignStatus,
  type SegmentCounts,
} from "./queries";
export { Dispatcher, leaseSegments, recordProgress, PROGRESS_CHANNEL, QUEUED_CHANNEL, type DispatcherOptions, type LeasedSegment } from "./dispatch";
