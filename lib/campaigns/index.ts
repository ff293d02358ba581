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
  messageAudioPath,
  retryFailedSegments,
  type RecipientDto,
  type RecipientStatus,
} from "./recipients";
export { estimateEtaSeconds, openProgressStream, streamCampaignEvents, type CampaignEvent, type ProgressStreamInput, type StreamOptions } from "./events";
export { CampaignEventHub, getCampaignEventHub, type CampaignEventHubOptions } from "./event-hub";
