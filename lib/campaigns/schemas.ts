import { z } from "zod";
import { MAX_UPCOMING_DAYS } from "@/lib/contacts/schemas";
import { voiceSchema } from "@/lib/voices/schemas";

/** Recipients per campaign: the planning benchmark runs this many in seconds. */
export const MAX_RECIPIENTS = 100_000;
/** A merged message longer than this is too long for a phone call (about a minute and a half of speech). */
export const MAX_MESSAGE_CHARS = 1_500;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;

/**
 * Who receives a campaign, resolved to a list of contacts when the draft is saved: every contact, the
 * contacts with an appointment starting in the next `withinDays` days, or contacts named by id.
 */
export const recipientSelectionSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({
    mode: z.literal("upcoming"),
    withinDays: z.coerce
      .number()
      .int("Use a whole number of days")
      .min(1, "Look at least 1 day ahead")
      .max(MAX_UPCOMING_DAYS, `Look at most ${MAX_UPCOMING_DAYS} days ahead`),
  }),
  z.object({ mode: z.literal("contacts"), contactIds: z.array(z.uuid()).max(MAX_RECIPIENTS) }),
]);
export type RecipientSelection = z.infer<typeof recipientSelectionSchema>;

export const createCampaignSchema = z.object({
  name: z.string().trim().min(1, "Give the campaign a name").max(120, "Keep the name under 120 characters"),
  template: z.string().max(20_000),
  /** One voice or a mix ("af_heart(2)+af_bella(1)"); the campaign keeps this string, so its audio never follows a saved mix's rename. */
  voice: voiceSchema,
  speed: z.coerce.number().finite(),
  recipients: recipientSelectionSchema,
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

export const updateCampaignSchema = createCampaignSchema.partial();
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;

export const previewMessagesSchema = z.object({
  template: z.string().max(20_000),
  /** Contacts to preview; defaults to the first few recipients or contacts. */
  contactIds: z.array(z.uuid()).max(10).optional(),
  campaignId: z.uuid().optional(),
  limit: z.number().int().min(1).max(10).default(3),
});
export type PreviewMessagesInput = z.input<typeof previewMessagesSchema>;

export const campaignIdSchema = z.object({ id: z.uuid() });
