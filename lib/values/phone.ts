import { getCountryForTimezone } from "countries-and-timezones";
// The full metadata knows every country's number ranges, so "valid" means a line can exist, not merely
// that the digit count fits (the default metadata only checks lengths and leading digits for most countries).
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js/max";
import { appError, err, ok, type AppError, type Result } from "@/lib/result";

export type { CountryCode };

export const DEFAULT_PHONE_COUNTRY: CountryCode = "US";

/** Why a number is refused; each message says what to change. */
export type PhoneProblemCode =
  | "phone_empty"
  | "phone_not_a_number"
  | "phone_spreadsheet_notation"
  | "phone_missing_country"
  | "phone_unknown_country_code"
  | "phone_too_short"
  | "phone_too_long"
  | "phone_invalid_length"
  | "phone_area_code_not_in_service"
  | "phone_not_in_service";
export type PhoneProblem = AppError<PhoneProblemCode>;

const MAX_PHONE_INPUT = 64;
// North American area codes and exchanges start with 2-9: a leading 0 or 1 is never a NANP number.
const NANP_AREA_CODE = /^[2-9]\d{2}/;
const NANP_EXCHANGE = /^\d{3}[2-9]/;

export function isPhoneCountry(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

const regionNames = new Intl.DisplayNames("en", { type: "region" });

/** "FR" → "France"; the code itself for a code Intl does not name. */
export function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The country a time zone belongs to, for reading national numbers ("Europe/Paris" → FR; a zone several
 * countries share gives its main one, as the tz database's zone.tab lists it).
 */
export function countryForTimeZone(timeZone: string | null | undefined): CountryCode | null {
  if (!timeZone) return null;
  const country = getCountryForTimezone(timeZone)?.id;
  return country && isPhoneCountry(country) ? country : null;
}

/**
 * What a dialer can call: the E.164 form of a number as people type it ("(512) 555-0100", "+44 20 7946 0958",
 * "001 512 555 0100", "06 12 34 56 78" in France), only when the number is valid (a line in that range can
 * exist), not merely of a possible length. Numbers without a country code are read in `country`. Otherwise
 * the reason, in words a person can act on.
 */
/**
 * A value quoted in an error message, cut after 40 characters. Cut by code point, never between the two
 * halves of a surrogate pair: half a pair is not valid Unicode, and Postgres refuses it in the jsonb the
 * import report is stored in.
 */
export function clipForMessage(value: string, max = 40): string {
  const chars = Array.from(value);
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : value;
}

export function checkPhone(raw: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): Result<string, PhoneProblem> {
  const trimmed = raw.trim();
  if (trimmed === "") return err(appError("phone_empty", "The phone number is empty."));
  const shown = clipForMessage(trimmed);
  if (trimmed.length > MAX_PHONE_INPUT) return err(appError("phone_too_long", `'${shown}' is too long to be a phone number.`));
  // Spreadsheets turn long numbers into scientific notation, which has lost digits: nothing we can trust.
  if (/\de\+?\d/i.test(trimmed)) {
    return err(appError("phone_spreadsheet_notation", `'${shown}' is in scientific notation, so digits are lost; format the column as text in the spreadsheet and export it again.`));
  }
  const text = trimmed.replace(/^00(?=[1-9])/, "+");
  const international = text.startsWith("+");
  const where = countryName(country);
  const fix = `If it is not a ${where} number, write it with its country code (like +33 6 12 34 56 78), or change the organisation's phone country in Settings.`;

  const lengthProblem = validatePhoneNumberLength(text, international ? undefined : country);
  if (lengthProblem === "NOT_A_NUMBER") return err(appError("phone_not_a_number", `'${shown}' is not a phone number.`));
  if (lengthProblem === "INVALID_COUNTRY") {
    return international
      ? err(appError("phone_unknown_country_code", `'${shown}' starts with a country code that does not exist.`))
      : err(appError("phone_missing_country", `'${shown}' has no country code. Write it with one (like +33 6 12 34 56 78), or set the organisation's phone country in Settings.`));
  }
  const hint = international ? "" : ` ${fix}`;
  if (lengthProblem === "TOO_SHORT") return err(appError("phone_too_short", `'${shown}' is too short for a ${international ? "" : `${where} `}phone number.${hint}`));
  if (lengthProblem === "TOO_LONG") return err(appError("phone_too_long", `'${shown}' is too long for a ${international ? "" : `${where} `}phone number.${hint}`));
  if (lengthProblem === "INVALID_LENGTH") return err(appError("phone_invalid_length", `'${shown}' has a number of digits no ${international ? "" : `${where} `}phone number has.${hint}`));

  const parsed = parsePhoneNumberFromString(text, { defaultCountry: international ? undefined : country, extract: false });
  if (!parsed) return err(appError("phone_not_a_number", `'${shown}' is not a phone number.`));
  if (parsed.isValid()) return ok(parsed.number);
  if (parsed.countryCallingCode === "1") {
    const national = parsed.nationalNumber;
    const areaCode = national.slice(0, 3);
    // The same area code with an exchange that exists everywhere tells whether the area code is the problem.
    const areaCodeInService = NANP_AREA_CODE.test(national) && parsePhoneNumberFromString(`+1${areaCode}2${national.slice(4)}`)?.isValid() === true;
    if (!areaCodeInService) {
      const detail = NANP_AREA_CODE.test(national) ? `area code ${areaCode} is not in service` : `no North American area code starts with ${national[0]}`;
      return err(appError("phone_area_code_not_in_service", `'${shown}': ${detail}.${hint}`));
    }
    const exchange = national.slice(3, 6);
    return err(appError("phone_not_in_service", `'${shown}': ${NANP_EXCHANGE.test(national) ? `exchange ${exchange} of area code ${areaCode} is not in service` : "the three digits after the area code cannot start with 0 or 1"}.`));
  }
  const region = parsed.country ? countryName(parsed.country) : `+${parsed.countryCallingCode}`;
  return err(appError("phone_not_in_service", `'${shown}' is not a number in service in ${region}: no line starts that way.${hint}`));
}

/** checkPhone's number, or null when it is refused (callers that need no reason). */
export function normalizePhone(raw: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string | null {
  const checked = checkPhone(raw, country);
  return checked.ok ? checked.value : null;
}

/** "+33" for FR: shown next to the country in settings. */
export function callingCodeOf(country: CountryCode): string {
  return `+${getCountryCallingCode(country)}`;
}

/** An E.164 number as people in its own country write it ("+33612345678" → "06 12 34 56 78"). */
export function formatPhoneNational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
