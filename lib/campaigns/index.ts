export {
  cancelCampaign,
  createCampaign,
  duplicateCampaign,
  getCampaignDetail,
  launchCampaign,
  listCampaigns,
  planCampaign,
  previewMessages,
  updateDraftCampaign,
  type CampaignDto,
  type CampaignPlan,
  type Launched,
  type PreviewMessage,
  type VariableValues,
  type WorkerInfo,
} from "./service";
export * from "./schemas";
export {
  exportCampaignAudio,
  getMessageAudio,
  listCampaignRecipients,
  signedMessageAudioUrl,
  retryFailedSegments,
  type RecipientDto,
  type RecipientStatus,
} from "./recipients";
export { estimateEtaSeconds, streamCampaignEvents, type CampaignEvent, type StreamOptions } from "./events";
export { DEFAULT_OPT_OUT_PHRASES, MAX_MESSAGE_SECONDS, type LintCode, type LintFinding } from "./lint";
