import { z } from "zod";
import { webhookEventTypes } from "@/drizzle/schema/webhooks";

export { webhookEventTypes, type WebhookEventType } from "@/drizzle/schema/webhooks";

export const createWebhookEndpointSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, message: "Use an http:// or https:// URL, e.g. https://dialer.example.com/hooks/voice" })
    .max(2_000, "Keep the URL under 2,000 characters"),
  eventTypes: z
    .array(z.enum(webhookEventTypes))
    .min(1, "Pick at least one event")
    .transform((types) => [...new Set(types)]),
});
export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointSchema>;

export const webhookEndpointIdSchema = z.object({ id: z.uuid() });
export const webhookDeliveryIdSchema = z.object({ id: z.uuid() });
