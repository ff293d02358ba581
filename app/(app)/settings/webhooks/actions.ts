"use server";

import { env } from "@/lib/env";
import { action } from "@/lib/http";
import { createWebhookEndpoint, createWebhookEndpointSchema, deleteWebhookEndpoint, replayWebhookDelivery, webhookDeliveryIdSchema, webhookEndpointIdSchema } from "@/lib/webhooks";

// Every delivery carries patients' phone numbers and 30-day audio links: where they go is an admin's call.
const ADMIN = { role: "admin" } as const;

export async function createWebhookEndpointAction(input: unknown) {
  return action(createWebhookEndpointSchema, input, (ctx, data) => createWebhookEndpoint(ctx, data, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE_URLS }), ADMIN);
}

export async function deleteWebhookEndpointAction(id: unknown) {
  return action(webhookEndpointIdSchema, { id }, (ctx, data) => deleteWebhookEndpoint(ctx, data.id), ADMIN);
}

export async function replayWebhookDeliveryAction(id: unknown) {
  return action(webhookDeliveryIdSchema, { id }, (ctx, data) => replayWebhookDelivery(ctx, data.id), ADMIN);
}
