import { z } from "zod";
import { AUDIO_PROFILES } from "@/lib/values/audio-profiles";
import { canonicalTimeZone } from "@/lib/values/datetime";
import { spokenLanguageSchema } from "@/lib/values/languages";
import { checkPhone, isPhoneCountry } from "@/lib/values/phone";

export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (!canonical) ctx.addIssue({ code: "custom", message: `'${zone.slice(0, 64)}' is not a time zone; pick one from the list, like America/Chicago.` });
    return canonical ?? zone;
  });

export const phoneCountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isPhoneCountry, { message: "Pick a country from the list." });

/** Name, time zone and phone country: what setup asks too. */
export const organizationBasicsSchema = z.object({
  name: z.string().trim().min(1, "Enter your organisation's name").max(100, "Keep the name under 100 characters"),
  timezone: timeZoneSchema,
  phoneCountry: phoneCountrySchema,
});

/**
 * The organisation's settings form. The callback number is read in the organisation's own phone country
 * and kept in E.164; an empty one clears it.
 */
export const organizationSettingsSchema = organizationBasicsSchema
  .extend({
    callbackNumber: z.string().trim().max(64).default(""),
    phoneSystem: z.enum(AUDIO_PROFILES, { message: `Pick one of: ${AUDIO_PROFILES.join(", ")}.` }),
    /** Kept as it is when not given (a form or client from before languages). */
    defaultLanguage: spokenLanguageSchema.optional(),
  })
  .transform((input, ctx) => {
    if (input.callbackNumber === "") return { ...input, callbackNumber: null };
    const checked = checkPhone(input.callbackNumber, isPhoneCountry(input.phoneCountry) ? input.phoneCountry : undefined);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", path: ["callbackNumber"], message: `Callback number: ${checked.error.message}` });
      return z.NEVER;
    }
    return { ...input, callbackNumber: checked.value };
  });
export type OrganizationSettingsInput = z.output<typeof organizationSettingsSchema>;

/** `PATCH /api/organization`: the organisation's default language. */
export const organizationLanguageSchema = z.object({ defaultLanguage: spokenLanguageSchema });
