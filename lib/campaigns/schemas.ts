import { z } from "zod";
import { AUDIO_PROFILES } from "@/lib/values/audio-profiles";
import { appointmentWindowSchema, type AppointmentWindow } from "@/lib/contacts/appointment-window";
import { MAX_UPCOMING_DAYS } from "@/lib/contacts/schemas";
import { voiceSchema } from "@/lib/voices/schemas";

/**
 * Contacts a selection may name by id (the largest request body there is). A larger campaign chooses its
 * recipients by rule, never by ids in a body; its size is capped by CAMPAIGN_MAX_RECIPIENTS (lib/env.ts).
 */
export const MAX_RECIPIENT_IDS = 100_000;
/** A merged message longer than this is too long for a phone call (about a minute and a half of speech). */
export const MAX_MESSAGE_CHARS = 1_500;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;

/** The older way to give a window: `withinDays: N` is the window {kind: "nextDays", days: N}. */
const withinDaysSchema = z.coerce
  .number()
  .int("Use a whole number of days")
  .min(1, "Look at least 1 day ahead")
  .max(MAX_UPCOMING_DAYS, `Look at most ${MAX_UPCOMING_DAYS} days ahead`)
  .meta({
    deprecated: true,
    description:
      'Deprecated: give `window` instead. Read as `window: {"kind": "nextDays", "days": N}`: calendar days in the organisation\'s time zone, from now through the end of the day N days from today (not N × 24 hours).',
  });

const windowOf = (given: { window?: AppointmentWindow; withinDays?: number }): AppointmentWindow | undefined =>
  given.window ?? (given.withinDays === undefined ? undefined : { kind: "nextDays", days: given.withinDays });

/**
 * Who receives a campaign, resolved to a list of contacts when the draft is saved: every contact, the
 * contacts with an appointment in a window of calendar days (tomorrow, in N days, a date, a range, the next
 * N days; in the organisation's time zone), contacts named by id, or the members of a contact list (with a
 * window, only those with an appointment in it). Contacts on the do-not-call list are left out whatever the
 * choice, when the campaign is planned and launched.
 */
export const recipientSelectionSchema = z
  .discriminatedUnion("mode", [
    z.object({ mode: z.literal("all") }),
    z.object({ mode: z.literal("upcoming"), window: appointmentWindowSchema.optional(), withinDays: withinDaysSchema.optional() }),
    z.object({ mode: z.literal("contacts"), contactIds: z.array(z.uuid()).max(MAX_RECIPIENT_IDS) }),
    z.object({ mode: z.literal("list"), listId: z.uuid(), window: appointmentWindowSchema.optional(), withinDays: withinDaysSchema.optional() }),
  ])
  .superRefine((s, ctx) => {
    if (s.mode !== "upcoming" && s.mode !== "list") return;
    if (s.window !== undefined && s.withinDays !== undefined) ctx.addIssue({ code: "custom", path: ["withinDays"], message: "Give either window or withinDays, not both" });
    if (s.mode === "upcoming" && s.window === undefined && s.withinDays === undefined) ctx.addIssue({ code: "custom", path: ["window"], message: "Choose which appointments: a window such as {\"kind\": \"tomorrow\"}" });
  })
  .transform((s): RecipientSelectionChoice => {
    if (s.mode === "upcoming") return { mode: "upcoming", window: windowOf(s)! };
    if (s.mode === "list") {
      const window = windowOf(s);
      return window ? { mode: "list", listId: s.listId, window } : { mode: "list", listId: s.listId };
    }
    return s;
  });

/** A selection as the campaign keeps and resolves it: windows only (the older `withinDays` is converted). */
type RecipientSelectionChoice =
  | { mode: "all" }
  | { mode: "upcoming"; window: AppointmentWindow }
  | { mode: "contacts"; contactIds: string[] }
  | { mode: "list"; listId: string; window?: AppointmentWindow };
export type RecipientSelection = z.infer<typeof recipientSelectionSchema>;

/**
 * A recipient whose message would miss a value (a placeholder with no value and no fallback text):
 * "ask" (the default) refuses to launch until the clinic chooses, "fallback" sends the message with the
 * template's fallback texts, "skip" leaves the recipient out.
 */
export const MISSING_VALUE_POLICIES = ["ask", "fallback", "skip"] as const;
export const missingValuePolicySchema = z.enum(MISSING_VALUE_POLICIES);
export type MissingValuePolicy = z.infer<typeof missingValuePolicySchema>;

/**
 * Patients who share a phone number and have appointments the same day: "each" sends each one their own
 * message, "together" one message naming each ("Lucia and Mateo…"), carried by one call.
 */
export const SHARED_NUMBER_POLICIES = ["each", "together"] as const;
export const sharedNumberPolicySchema = z.enum(SHARED_NUMBER_POLICIES);
export type SharedNumberPolicy = z.infer<typeof sharedNumberPolicySchema>;

/** A message language: a primary tag the speech rules know ("en", "es"). */
export const messageLanguageSchema = z.enum(["en", "es"], { message: "Messages can be written in English (en) or Spanish (es)." });

/** The message in one more language, said by a voice of that language. */
export const campaignVersionSchema = z.object({
  language: messageLanguageSchema,
  template: z.string().max(20_000),
  voice: voiceSchema,
});

export const createCampaignSchema = z.object({
  name: z.string().trim().min(1, "Give the campaign a name").max(120, "Keep the name under 120 characters"),
  template: z.string().max(20_000),
  /** One voice or a mix ("af_heart(2)+af_bella(1)"); the campaign keeps this string, so its audio never follows a saved mix's rename. */
  voice: voiceSchema,
  speed: z.coerce.number().finite(),
  recipients: recipientSelectionSchema,
  missingValues: missingValuePolicySchema.optional(),
  sharedNumbers: sharedNumberPolicySchema.optional(),
  /** The language `template` is written in and `voice` speaks (default: the organisation's default language). */
  language: messageLanguageSchema.optional(),
  /** The message in other languages: a recipient whose contact prefers one of them hears it. */
  versions: z
    .array(campaignVersionSchema)
    .max(4)
    .refine((versions) => new Set(versions.map((v) => v.language)).size === versions.length, "Each language can have one version.")
    .optional(),
  /** Chosen by the client once per new campaign: sending the request again (a double click, a retry) returns the same campaign. */
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

export const updateCampaignSchema = createCampaignSchema.omit({ idempotencyKey: true }).partial();
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;

export const previewMessagesSchema = z.object({
  template: z.string().max(20_000),
  /** Contacts to preview; defaults to the first few recipients or contacts. */
  contactIds: z.array(z.uuid()).max(10).optional(),
  campaignId: z.uuid().optional(),
  limit: z.number().int().min(1).max(10).default(3),
  /** The language this template is written in (default English): its dates, times and speech rules. */
  language: messageLanguageSchema.optional(),
  /** The languages of the campaign's versions, its main one first: the preview says which one each sample hears. */
  campaignLanguages: z.array(messageLanguageSchema).min(1).max(5).optional(),
});
export type PreviewMessagesInput = z.input<typeof previewMessagesSchema>;

export const campaignIdSchema = z.object({ id: z.uuid() });

/** The progress stream's resume point: the `Last-Event-ID` header or the `lastEventId` query parameter. */
export const lastEventIdSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable();

/** A campaign export's file format, and the phone system whose audio formats it links to (default: the organisation's). */
export const campaignExportQuerySchema = z.object({ format: z.enum(["csv", "json"]).default("csv"), profile: z.enum(AUDIO_PROFILES).optional() });

/** A page of a campaign's recipients. */
export const recipientsPageSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) });
