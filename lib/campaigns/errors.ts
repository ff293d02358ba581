import { appError, type AppError } from "@/lib/result";

/** The failures the campaign use-cases name in their results. */
export type CampaignErrorCode =
  | "campaign_not_found"
  | "campaign_not_draft"
  | "campaign_not_launched"
  | "template_invalid"
  | "no_recipients"
  | "too_many_recipients"
  | "unknown_voice"
  | "speed_out_of_range"
  | "message_too_long"
  | "missing_values_undecided"
  | "worker_unavailable"
  | "list_not_found"
  | "voice_language_mismatch";

export type CampaignError<C extends CampaignErrorCode = CampaignErrorCode> = AppError<C>;

export const campaignNotFound = (): CampaignError<"campaign_not_found"> => appError("campaign_not_found", "This campaign does not exist.");

export const missingValuesUndecided = (): CampaignError<"missing_values_undecided"> =>
  appError(
    "missing_values_undecided",
    "Some recipients' messages would miss a value (see the plan): choose to send them with the fallback text or to skip them, save the draft, then launch.",
  );
