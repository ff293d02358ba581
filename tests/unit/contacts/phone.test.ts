import { describe, expect, it } from "vitest";
import { checkPhone, countryForTimeZone, normalizePhone } from "@/lib/contacts";

describe("phone normalisation", () => {
  it.each([
    ["(512) 555-0100", "+15125550100"],
    ["512.555.0100", "+15125550100"],
    ["512-555-0100", "+15125550100"],
    ["1-512-555-0100", "+15125550100"],
    ["+1 512 555 0100", "+15125550100"],
    ["  5125550100  ", "+15125550100"],
    ["+44 20 7946 0958", "+442079460958"],
    ["0044 20 7946 0958", "+442079460958"],
  ])("normalises %j to %s", (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it.each([
    ["020 7946 0958", "GB", "+442079460958"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+1 512 555 0100", "FR", "+15125550100"],
  ] as const)("reads %j in the country %s", (raw, country, e164) => {
    expect(checkPhone(raw, country)).toEqual({ ok: true, value: e164 });
  });
});

describe("why a phone number is refused", () => {
  it.each([
    ["", "US", "phone_empty", /empty/],
    ["abc", "US", "phone_not_a_number", /not a phone number/],
    ["1.23457E+11", "US", "phone_spreadsheet_notation", /scientific notation.*format the column as text/],
    ["555-12", "US", "phone_too_short", /too short for a United States phone number/],
    ["12345678901234567890", "US", "phone_too_long", /too long/],
    ["+1 212 555 01999", "US", "phone_too_long", /too long for a phone number/],
    ["+999 123456", "US", "phone_unknown_country_code", /country code that does not exist/],
    ["(555) 555-0100", "US", "phone_area_code_not_in_service", /area code 555 is not in service/],
    ["(555) 123-4567", "US", "phone_area_code_not_in_service", /area code 555 is not in service/],
    ["+1 000 000 0000", "US", "phone_area_code_not_in_service", /no North American area code starts with 0/],
    ["(512) 155-0100", "US", "phone_not_in_service", /after the area code cannot start with 0 or 1/],
    ["+33 0 12 34 56 78", "US", "phone_not_in_service", /not a number in service in France/],
  ] as const)("%j in %s: %s", (raw, country, code, message) => {
    const checked = checkPhone(raw, country);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe(code);
    expect(checked.error.message).toMatch(message);
  });

  it("says how to fix a national number read in the wrong country: a country code or the organisation's phone country", () => {
    const checked = checkPhone("06 12 34 56 78", "US");
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe("phone_area_code_not_in_service");
    expect(checked.error.message).toMatch(/write it with its country code \(like \+33 6 12 34 56 78\), or change the organisation's phone country in Settings/);
  });

  it("calls only valid numbers, not numbers that merely have a possible length", () => {
    // Ten digits is a possible North American length; 555 is not an area code in service.
    expect(normalizePhone("(555) 555-0100")).toBeNull();
    expect(normalizePhone("(512) 555-0100")).toBe("+15125550100");
  });
});

describe("country of a time zone", () => {
  it.each([
    ["Europe/Paris", "FR"],
    ["America/Chicago", "US"],
    ["America/Toronto", "CA"],
    ["Asia/Calcutta", "IN"],
    ["UTC", null],
    ["Not/AZone", null],
    [null, null],
  ] as const)("%s → %s", (zone, country) => {
    expect(countryForTimeZone(zone)).toBe(country);
  });
});

describe("a value quoted in a phone error", () => {
  it("is cut by code point, so it never ends in half a surrogate pair (jsonb refuses one)", () => {
    // 39 digits then an astral character: its two UTF-16 halves sit at units 40 and 41.
    const raw = `${"5".repeat(39)}𐀀${"5".repeat(10)}`;
    const checked = checkPhone(raw);
    expect(checked.ok).toBe(false);
    const message = checked.ok ? "" : checked.error.message;
    expect(message).toContain(`'${"5".repeat(39)}𐀀…'`);
    expect(message).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(() => JSON.parse(JSON.stringify(message))).not.toThrow();
  });
});
