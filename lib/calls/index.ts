export { handleCarrierCallback, type CallbackKind, type CallbackRequest, type CallbackResponse } from "./callbacks";
export { publicUrlWarning, type CallsConfig } from "./config";
export { CALL_QUEUE, placeDueCalls, type PlaceOptions } from "./place";
export { callReportCsv, getCallReport, OUTCOME_LABELS, type CallAttemptDto, type CallRecipientDto, type CallReport } from "./report";
export { carrierSettingsDtoSchema, carrierSettingsSchema, startCallsSchema, testCallSchema, TWILIO_BASE_URL, type CarrierSettingsDto, type CarrierSettingsInput, type TestCallInput } from "./schemas";
export { deriveCredentialKey } from "./secret-box";
export { getCarrierSettings, placeTestCall, saveCarrierSettings, type CallsCtx, type CallsError, type CallsErrorCode } from "./settings";
export { startCampaignCalls, type StartCallsReport } from "./start";
export { isInsideCallingWindow, LEGAL_WINDOW, nextAllowedByCap, nextCallingTime, type CallingWindow, type FrequencyCap } from "./window";
