/**
 * The one table from error code to HTTP status. Handlers never pick status numbers inline; a new expected
 * failure adds its code here.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  setup_code_invalid: 401,
  forbidden: 403,
  not_found: 404,
  campaign_not_found: 404,
  contact_not_found: 404,
  recipient_not_found: 404,
  member_not_found: 404,
  preview_not_found: 404,
  preview_expired: 410,
  preview_revoked: 410,
  campaign_not_draft: 409,
  campaign_not_launched: 409,
  setup_complete: 409,
  email_taken: 409,
  template_invalid: 422,
  no_recipients: 422,
  unknown_voice: 422,
  speed_out_of_range: 422,
  message_too_long: 422,
  too_many_recipients: 422,
  csv_invalid: 422,
  audio_not_ready: 409,
  range_not_satisfiable: 416,
  payload_too_large: 413,
  unsupported_media_type: 415,
  request_aborted: 400,
  rate_limited: 429,
  worker_unavailable: 503,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type AppError = { code: ErrorCode; message: string; details?: unknown };

export function statusForCode(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500;
}

export const appError = (code: ErrorCode, message: string, details?: unknown): AppError =>
  details === undefined ? { code, message } : { code, message, details };

/** Thrown by getAppContext() when the request has no valid session: route() answers 401, pages redirect to /sign-in. */
export class UnauthorizedError extends Error {
  override name = "UnauthorizedError";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}
