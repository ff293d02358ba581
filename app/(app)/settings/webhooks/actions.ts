"use server";

import { env } from "@/lib/env";
import { action } from "@/lib/http";
import { createWebhookEndpoint, createWebhookEndpointSchema, deleteWebhookEndpoint, replayWebhookDelivery, webhookDeliveryIdSchema, webhookEndpointIdSchema } from "@/lib/webhooks";

export async function createWebhookEndpointAction(input: unknown) {
  return action(createWebhookEndpointSchema, input, (ctx, data) => createWebhookEndpoint(ctx, data, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS }));
}

export async function deleteWebhookEndpointAction(id: unknown) {
  return action(webhookEndpointIdSchema, { id }, (ctx, data) => deleteWebhookEndpoint(ctx, data.id));
}

export async function replayWebhookDeliveryAction(id: unknown) {
  return action(webhookDeliveryIdSchema, { id }, (ctx, data) => replayWebhookDelivery(ctx, data.id));
}
