export { route, respond, errorResponse, summarizeZod, readBodyCapped, isCrossOrigin, PayloadTooLargeError, RequestAbortedError, MAX_JSON_BODY_BYTES, IGNORED_BODY_MAX_BYTES, routeSpecOf, type RouteContext, type RouteOptions, type RouteSpec } from "./route";
export { action, type ActionError } from "./action";
export { controlCharacterIn, controlCharacterMessage, findControlCharacter, hasMalformedPath, type ControlCharacterFound } from "./text-input";
export { readCsvUpload, type CsvUpload } from "./upload";
export { clientKey } from "./client-key";
export { ERROR_STATUS, statusForCode, type ErrorCode, type HttpError } from "./errors";
