export { route, respond, errorResponse, summarizeZod, type RouteContext } from "./route";
export { ERROR_STATUS, statusForCode, appError, type AppError, type ErrorCode } from "./errors";
