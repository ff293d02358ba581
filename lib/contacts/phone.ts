import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export const DEFAULT_PHONE_COUNTRY: CountryCode = "US";

/**
 * E.164 form of a phone number as people type it ("(512) 555-0100", "512.555.0100", "+44 20 7946 0958",
 * "001 512 555 0100"), or null when it cannot be a real number. Numbers without a country code are read as
 * `defaultCountry` numbers.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): string | null {
  const trimmed = raw.trim();
  if (trimmed === "" || trimmed.length > 64) return null;
  // Spreadsheets turn long numbers into scientific notation or append ".0"; neither is a phone number we can trust.
  if (/e\+/i.test(trimmed)) return null;
  const cleaned = trimmed.replace(/^00(?=[1-9])/, "+");
  try {
    const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry, extract: false });
    if (!parsed || !parsed.isValid()) return null;
    return parsed.number;
  } catch {
    return null;
  }
}
