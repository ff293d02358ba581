export { computeMessageKey, computeSegmentKey, type SegmentIdentity } from "./keys";
export { estimateAudioSeconds, planMessages, type PlannedMessage, type PlannedSegment, type RenderPlan, type RenderTarget } from "./plan";
export {
  countCampaignSegments,
  getThroughputSample,
  insertCampaignSegments,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  refreshCampaignStatus,
  THROUGHPUT_WINDOW_SECONDS,
  type EtaTarget,
  type SegmentCounts,
} from "./queries";
export { estimateEta, etaMidpointSeconds, MIN_COMPLETIONS, type EtaRange, type NominalThroughput, type ThroughputSample } from "./throughput";
export { Dispatcher, leaseSegments, recordProgress, PROGRESS_CHANNEL, QUEUED_CHANNEL, type DispatcherOptions, type LeasedSegment } from "./dispatch";
