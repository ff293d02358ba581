export { computeMessageKey, computeSegmentKey, type SegmentIdentity } from "./keys";
export { estimateAudioSeconds, MessagePlanner, planMessages, type PlannedMessage, type PlannedSegment, type PlannedText, type RenderPlan, type RenderTarget } from "./plan";
export {
  countSegmentsByGroup,
  emptySegmentCounts,
  getThroughputSample,
  listRecentCompletions,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  listMessageSegmentAudio,
  listMessageTexts,
  listMessageStates,
  messageSegmentKeys,
  segmentKeysOfMessages,
  requeueFailedSegments,
  segmentCountsByGroup,
  RENDERS_QUEUED_CHANNEL,
  THROUGHPUT_WINDOW_SECONDS,
  wakeDispatchers,
  type MessageSegmentAudio,
  type MessageState,
  type SegmentCounts,
} from "./queries";
export { Dispatcher, type DispatcherOptions, type SegmentsSettled, type SettledSegment } from "./dispatch";
export {
  estimateEta,
  etaMidpointSeconds,
  liveSpanSeconds,
  measureSteadySpeed,
  MIN_COMPLETIONS,
  type CompletionPoint,
  type EtaBasis,
  type EtaRange,
  type MeasuredSpeed,
  type NominalThroughput,
  type ThroughputSample,
} from "./throughput";
