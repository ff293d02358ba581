export { route, respond, errorResponse, summarizeZod, readBodyCapped, PayloadTooLargeError, MAX_JSON_BODY_BYTES, type RouteContext } from "./route";
export { clientKey } from "./rate-limit";
export { ERROR_STATUS, statusForCode, appError, UnauthorizedError, type AppError, type ErrorCode } from "./errors";
