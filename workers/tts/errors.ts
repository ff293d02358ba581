import { ERROR_RETRYABLE, ERROR_STATUS, type TtsErrorBody, type TtsErrorCode } from "../../lib/protocol/tts";

/** An expected failure that becomes a JSON `{ code, message, retryable }` response. */
export class TtsError extends Error {
  override name = "TtsError";
  constructor(
    readonly code: TtsErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): TtsErrorBody {
    return { code: this.code, message: this.message, retryable: ERROR_RETRYABLE[this.code] };
  }
}

/** Stops the boot; `message` says what is wrong and how to fix it. */
export class StartupError extends Error {
  override name = "StartupError";
}
