import { getCountries } from "libphonenumber-js/max";
import { callingCodeOf, countryForTimeZone, countryName } from "@/lib/values/phone";

export type CountryOption = { code: string; name: string; callingCode: string };

/**
 * What the time zone and country pickers offer, built on the server so the page and the browser agree on
 * one list (browsers know different zone sets) and the phone metadata stays out of the browser bundle.
 * `countryByZone` lets a form suggest the country of the zone just picked.
 */
export type PlaceOptions = { timeZones: string[]; countries: CountryOption[]; countryByZone: Record<string, string> };

let cached: PlaceOptions | null = null;

export function listPlaceOptions(): PlaceOptions {
  if (cached) return cached;
  const timeZones = Intl.supportedValuesOf("timeZone");
  const countries = getCountries()
    .map((code) => ({ code, name: countryName(code), callingCode: callingCodeOf(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const countryByZone: Record<string, string> = {};
  for (const zone of timeZones) {
    const country = countryForTimeZone(zone);
    if (country) countryByZone[zone] = country;
  }
  cached = { timeZones, countries, countryByZone };
  return cached;
}
