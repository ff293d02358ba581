import { describe, expect, it } from "vitest";
import { parseContactsCsv, type ParseContactsOptions } from "@/lib/contacts";

const US_ORG: ParseContactsOptions = { defaultTimezone: "America/New_York", phoneCountry: "US" };

function contactsOf(csv: string, options: ParseContactsOptions = US_ORG) {
  const result = parseContactsCsv(csv, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("contacts CSV: the country national numbers are read in", () => {
  it("reads a national number in the country of the contact's own time zone", () => {
    const parsed = contactsOf("Name,Phone,Time zone\nAmélie Martin,06 12 34 56 78,Europe/Paris\n");
    expect(parsed.errors).toEqual([]);
    expect(parsed.contacts[0]?.phone).toBe("+33612345678");
  });

  it("reads a national number in the organisation's phone country when the contact has no time zone", () => {
    expect(contactsOf("Name,Phone\nAmélie,06 12 34 56 78\n", { defaultTimezone: "Europe/Paris", phoneCountry: "FR" }).contacts[0]?.phone).toBe("+33612345678");
  });

  it("refuses a French national number in a US organisation and says how to fix it", () => {
    const parsed = contactsOf("Name,Phone\nAmélie,06 12 34 56 78\nJohn,512-555-0100\n");
    expect(parsed.errors).toEqual([
      expect.objectContaining({ row: 2, column: "Phone", message: expect.stringMatching(/^Row 2: phone '06 12 34 56 78'.*country code \(like \+33 6 12 34 56 78\).*phone country in Settings/) }),
    ]);
  });

  it("refuses a (555) number with the reason: the area code is not in service", () => {
    const parsed = contactsOf("Name,Phone\nTest,(555) 555-0100\nJohn,512-555-0100\n");
    expect(parsed.errors[0]?.message).toMatch(/^Row 2: phone '\(555\) 555-0100': area code 555 is not in service\./);
  });
});

describe("contacts CSV: appointments in the past", () => {
  const now = new Date("2026-03-10T12:00:00Z");

  it("warns about an appointment that has already started and keeps the contact", () => {
    const parsed = contactsOf("Name,Phone,Appointment\nMaria,512-555-0100,2026-03-03 14:30\nJohn,512-555-0101,2026-03-17 09:00\n", { ...US_ORG, now });
    expect(parsed.contacts).toHaveLength(2);
    expect(parsed.warnings).toEqual([{ row: 2, message: "Row 2: the appointment on Mar 3, 2026, 2:30 PM is in the past; a reminder for it would come too late." }]);
  });
});
