import {
  ERROR_RETRYABLE,
  ERROR_STATUS,
  LIMITS,
  openAiErrorType,
  type OpenAiErrorBody,
  type TtsErrorBody,
  type TtsErrorCode,
} from "../../lib/protocol/tts";

/** An expected failure that becomes a JSON `{ code, message, retryable }` response. */
export class TtsError extends Error {
  override name = "TtsError";
  constructor(
    readonly code: TtsErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The request field at fault, when there is one (OpenAI's error envelope reports it as `param`). */
    readonly param?: string,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
  toBody(): TtsErrorBody {
    return { code: this.code, message: this.message, retryable: ERROR_RETRYABLE[this.code] };
  }
  toOpenAiBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: openAiErrorType(this.status), param: this.param ?? null, code: this.code } };
  }
}

/** The 413 for a request that would become more model runs than one request may cost. */
export function tooManyPiecesError(pieces: number, maxPieces: number = LIMITS.maxTextPieces): TtsError {
  return new TtsError(
    "too_many_pieces",
    `the text splits into ${pieces} sentences or parts, more than the ${maxPieces} one request may render; send it in several requests`,
    undefined,
    "input",
  );
}

/**
 * The client went away: while sending its body, while its render waited, or while it ran (the render then
 * stops before its next piece). Nobody is left to answer, so it is logged and counted, never sent.
 */
export class ClientClosedError extends Error {
  override name = "ClientClosedError";
  constructor(
    readonly stage: "upload" | "queued" | "running",
    /** Pieces of text that were therefore never rendered. */
    readonly piecesDropped = 0,
  ) {
    super(`client closed the connection (${stage})`);
  }
}

/** Stops the boot; `message` says what is wrong and how to fix it. */
export class StartupError extends Error {
  override name = "StartupError";
}
