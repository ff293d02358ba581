export {
  cancelCampaign,
  createCampaign,
  duplicateCampaign,
  getCampaignDetail,
  listCampaigns,
  listCampaignsOfContact,
  planCampaign,
  previewMessages,
  updateDraftCampaign,
  type CampaignDto,
  type CampaignPlan,
  type MissingValuesReport,
  type RecipientMissingValues,
  type PreviewMessage,
  type VariableValues,
  type WorkerCapabilities,
} from "./service";
export { launchCampaign, type Launched } from "./launch";
export { RECIPIENT_PAGE } from "./planning";
export * from "./schemas";
export { listCampaignRecipients, type RecipientDto, type RecipientStatus } from "./recipients";
export { getMessageAudio, signedMessageAudioUrl } from "./audio-urls";
export { exportCampaignAudio, type ExportRow } from "./export";
export { starterMessage } from "./starter-message";
export { findStaleAudio, listCampaignsWithStaleAudio, rerenderStaleAudio, staleCause, type StaleAudio, type StaleCampaign, type StaleCause } from "./stale";
export { retryFailedSegments } from "./retry";
export { importContactsFile } from "./contact-import";
export { campaignNotFound, type CampaignError, type CampaignErrorCode } from "./errors";
export { openProgressStream, streamCampaignEvents, type CampaignEvent, type ProgressStreamInput, type StreamOptions } from "./events";
export { CampaignEventHub, getCampaignEventHub, type CampaignEventHubOptions } from "./event-hub";
export { estimateTimeLeft, nominalThroughput, type EtaBasis, type EtaRange, type EtaTarget, type WorkerSpeed } from "./eta";
export { PROGRESS_CHANNEL, recordCallProgress, recordSegmentsSettled, type StoredCampaignEvent } from "./progress";
export { type ContactCampaignRow } from "./queries";
export { getCampaign, hasRecipient, listMessageKeys, segmentKeysOfRenderingCampaigns, type CampaignRow } from "./queries";
export { DEFAULT_OPT_OUT_PHRASES, MAX_MESSAGE_SECONDS, type LintCode, type LintFinding } from "./lint";
export { getCampaignWebhookData, signedExportUrl, WEBHOOK_INLINE_RECIPIENTS, type CampaignWebhookOptions } from "./webhook-data";
export { checkCampaignSpeech, followCampaignSpeech, type CheckCampaignSpeechDeps } from "./speech-check-run";
export { checkedLanguageOf } from "./speech-check";
export { planSampleMessage, SAMPLE_PATIENT, sampleAppointmentStart, sampleRecipient, type SampleMessage } from "./sample-message";
