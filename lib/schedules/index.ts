export {
  CATCH_UP_MS,
  createSchedule,
  deleteSchedule,
  getScheduleDetail,
  getSkippedRunWebhookData,
  listSchedules,
  runDueSchedules,
  setSchedulePaused,
  updateSchedule,
  type ScheduleDto,
  type ScheduleError,
  type ScheduleErrorCode,
  type ScheduleRunDto,
  type ScheduleTickOptions,
  type ScheduleTickSummary,
} from "./service";
export { startScheduledCalls, type ScheduledCallsOptions, type ScheduledCallsSummary } from "./calls";
export { listSlotsBetween, nextSlotAfter, slotOn, type ScheduleTiming, type Slot } from "./slots";
export * from "./schemas";
