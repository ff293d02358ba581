import { z } from "zod";
import { carrierProviders } from "@/drizzle/schema/calls";
import { checkPhone } from "@/lib/values/phone";
import { ANSWER_KINDS, CALL_LANGUAGE_TAGS, lintKeyPrompt, type CallLanguageTag } from "./sentences";

export const TWILIO_BASE_URL = "https://api.twilio.com";

const hhmm = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-4]):[0-5]\d$/, "Write the time as HH:MM, like 09:00.")
  .transform((v) => {
    const [h, m] = v.split(":").map(Number);
    return h! * 60 + m!;
  });

const e164 = (label: string) =>
  z
    .string()
    .trim()
    .max(64)
    .transform((raw, ctx) => {
      const checked = checkPhone(raw);
      if (!checked.ok) {
        ctx.addIssue({ code: "custom", message: `${label}: ${checked.error.message}` });
        return z.NEVER;
      }
      return checked.value;
    });

const answerText = z.string().trim().max(300, "Keep each sentence under 300 characters.").optional();
const answerTextsOfLanguage = z.object({ confirmed: answerText, cancelRequested: answerText, optedOut: answerText, voicemailCallback: answerText, prompt: answerText });

/**
 * The organisation's own sentences by call language ({ en: {…}, es: {…} }). The earlier shape, English
 * sentences at the top level, is still taken as English.
 */
const answerTextsSchema = z.preprocess(
  (v) => (v && typeof v === "object" && ANSWER_KINDS.some((k) => k in v) ? { en: v } : v),
  z.partialRecord(z.enum(CALL_LANGUAGE_TAGS as [CallLanguageTag, ...CallLanguageTag[]], { message: `Sentences can be given for: ${CALL_LANGUAGE_TAGS.join(", ")}.` }), answerTextsOfLanguage),
);

/**
 * The Phone calls settings form and API. `authToken` is write-only: required the first time, left empty to
 * keep the saved one. Times are local to each recipient; 8:00–21:00 is the outer limit whatever is set.
 */
export const carrierSettingsSchema = z
  .object({
    provider: z.enum(carrierProviders, { message: `Pick one of: ${carrierProviders.join(", ")}.` }),
    baseUrl: z.url({ message: "Enter the carrier's API address, like https://api.twilio.com." }).max(300).default(TWILIO_BASE_URL),
    accountSid: z.string().trim().min(1, "Enter the account id (Account SID or project id).").max(100),
    authToken: z.string().trim().max(200).default(""),
    callerId: e164("Caller ID"),
    callsPerSecond: z.coerce.number().min(0.1, "At least 0.1 call a second.").max(30, "At most 30 calls a second.").default(1),
    windowStart: hhmm.default(9 * 60),
    windowEnd: hhmm.default(20 * 60),
    weekdays: z.array(z.coerce.number().int().min(1).max(7)).min(1, "Allow at least one weekday.").max(7).default([1, 2, 3, 4, 5, 6]),
    capPerDay: z.coerce.number().int().min(1).max(10).default(1),
    capPerWeek: z.coerce.number().int().min(1).max(30).default(3),
    retries: z.coerce.number().int().min(0).max(5).default(2),
    retryDelayMinutes: z.coerce.number().int().min(5).max(24 * 60).default(30),
    callbackNumber: z.string().trim().max(64).default(""),
    answerTexts: answerTextsSchema.default({}),
  })
  .superRefine((v, ctx) => {
    if (v.windowStart < 8 * 60 || v.windowEnd > 21 * 60) ctx.addIssue({ code: "custom", path: ["windowStart"], message: "Calls stay between 08:00 and 21:00 in the patient's own time." });
    if (v.windowEnd <= v.windowStart) ctx.addIssue({ code: "custom", path: ["windowEnd"], message: "The window must end after it starts." });
    if (v.capPerWeek < v.capPerDay) ctx.addIssue({ code: "custom", path: ["capPerWeek"], message: "The weekly cap cannot be lower than the daily one." });
    if (v.callbackNumber && !checkPhone(v.callbackNumber).ok) ctx.addIssue({ code: "custom", path: ["callbackNumber"], message: "The callback number is not a phone number." });
    for (const language of CALL_LANGUAGE_TAGS) {
      const prompt = v.answerTexts[language]?.prompt;
      const problem = prompt ? lintKeyPrompt(prompt, language) : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["answerTexts", language, "prompt"], message: problem });
    }
  });
export type CarrierSettingsInput = z.output<typeof carrierSettingsSchema>;

export const testCallSchema = z.object({
  to: e164("Number to call"),
  /** Play this campaign's message (its first recipient with audio), as a patient would hear it; absent: a short spoken check. */
  campaignId: z.uuid().optional(),
});
export type TestCallInput = z.output<typeof testCallSchema>;

export const startCallsSchema = z.object({ campaignId: z.uuid() });

export const carrierSettingsDtoSchema = z.object({
  provider: z.enum(carrierProviders),
  baseUrl: z.string(),
  accountSid: z.string(),
  hasAuthToken: z.boolean(),
  callerId: z.string(),
  callsPerSecond: z.number(),
  windowStart: z.string(),
  windowEnd: z.string(),
  weekdays: z.array(z.number()),
  capPerDay: z.number(),
  capPerWeek: z.number(),
  retries: z.number(),
  retryDelayMinutes: z.number(),
  callbackNumber: z.string().nullable(),
  /** By call language: only the sentences the organisation wrote (the defaults are in lib/calls/sentences.ts). */
  answerTexts: z.record(z.string(), z.record(z.string(), z.string().optional()).optional()),
  /** Set when APP_URL is a local address the carrier cannot reach: callbacks would never arrive. */
  publicUrlWarning: z.string().nullable(),
});
export type CarrierSettingsDto = z.infer<typeof carrierSettingsDtoSchema>;
