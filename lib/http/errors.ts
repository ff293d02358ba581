import type { AppError } from "@/lib/result";

/**
 * The one table from error code to HTTP status. Handlers never pick status numbers inline; a new expected
 * failure adds its code here.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  setup_code_invalid: 401,
  api_key_invalid: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  campaign_not_found: 404,
  contact_not_found: 404,
  list_not_found: 404,
  do_not_call_batch_not_found: 404,
  recipient_not_found: 404,
  member_not_found: 404,
  pronunciation_not_found: 404,
  api_key_not_found: 404,
  preview_not_found: 404,
  schedule_not_found: 404,
  webhook_endpoint_not_found: 404,
  webhook_delivery_not_found: 404,
  webhook_url_refused: 422,
  carrier_url_refused: 422,
  carrier_token_required: 422,
  carrier_not_configured: 409,
  campaign_not_ready: 409,
  carrier_rejected: 502,
  carrier_unreachable: 502,
  voice_mix_not_found: 404,
  preview_expired: 410,
  preview_revoked: 410,
  campaign_not_draft: 409,
  campaign_not_launched: 409,
  setup_complete: 409,
  email_taken: 409,
  list_name_taken: 409,
  phone_invalid: 422,
  timezone_invalid: 422,
  voice_mix_name_taken: 409,
  term_taken: 409,
  template_invalid: 422,
  no_recipients: 422,
  missing_values_undecided: 422,
  unknown_voice: 422,
  voice_language_mismatch: 422,
  speed_out_of_range: 422,
  message_too_long: 422,
  too_many_recipients: 422,
  too_many_pronunciations: 422,
  too_many_lists: 422,
  too_many_voice_mixes: 422,
  csv_invalid: 422,
  audio_not_ready: 409,
  range_not_satisfiable: 416,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_aborted: 400,
  rate_limited: 429,
  worker_unavailable: 503,
  database_unavailable: 503,
  storage_full: 507,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the HTTP edge can answer: its code is in the table above. */
export type HttpError = AppError<ErrorCode>;

export function statusForCode(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500;
}
