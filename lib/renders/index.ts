export { computeMessageKey, computeSegmentKey, type SegmentIdentity } from "./keys";
export { estimateAudioSeconds, planMessages, type PlannedMessage, type PlannedSegment, type RenderPlan, type RenderTarget } from "./plan";
export {
  countSegmentsByGroup,
  emptySegmentCounts,
  insertMessages,
  insertSegments,
  listDoneSegmentKeys,
  listMessageSegmentAudio,
  listMessageStates,
  requeueFailedSegments,
  type MessageSegmentAudio,
  type MessageState,
  type SegmentCounts,
} from "./queries";
export { Dispatcher, type DispatcherOptions, type SegmentSettled } from "./dispatch";
