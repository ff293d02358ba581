import { describe, expect, it } from "vitest";
import { normalizePhone } from "@/lib/contacts";

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

  it("reads numbers without a country code in the given default country", () => {
    expect(normalizePhone("020 7946 0958", "GB")).toBe("+442079460958");
  });

  it.each(["", "555-12", "abc", "1.23457E+11", "+1 000 000 0000", "12345678901234567890"])("rejects %j", (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});
