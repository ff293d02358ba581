export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpointsCreatedBy,
  enqueueWebhookEvent,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDelivery,
  type WebhookAttemptDto,
  type WebhookDeliveryDto,
  type WebhookEndpointDto,
  type WebhookError,
  type WebhookErrorCode,
  type WebhooksCtx,
} from "./service";
export { deliverDueWebhooks, retryDelayMs, WEBHOOK_DEFAULTS, type DeliverOptions, type DeliverSummary, type WebhookDataBuilder, type WebhookEvent } from "./deliver";
export { checkWebhookUrl, guardedLookup, isPublicAddress, type UrlGuard } from "./url-guard";
export * from "./schemas";
