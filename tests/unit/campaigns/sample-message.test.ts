import { describe, expect, it } from "vitest";
import { sampleAppointmentStart, sampleRecipient, SAMPLE_PATIENT } from "@/lib/campaigns/sample-message";

const wallTime = (date: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "numeric", minute: "2-digit" }).format(date);

describe("the fictional patient of a sample preview", () => {
  it("has an appointment two days ahead at 10:30 on the organisation's clocks", () => {
    const now = new Date("2026-03-07T03:00:00Z"); // still March 6 in Chicago, March 7 in Tokyo
    expect(wallTime(sampleAppointmentStart(now, "America/Chicago"), "America/Chicago")).toBe("03/08/2026, 10:30 AM");
    expect(wallTime(sampleAppointmentStart(now, "Asia/Tokyo"), "Asia/Tokyo")).toBe("03/09/2026, 10:30 AM");
  });

  it("is made up: its name and provider, and each custom value the template uses named after itself", () => {
    const recipient = sampleRecipient(["firstName", "appointment.provider", "custom.balance_due"], "America/New_York");
    expect(recipient).toMatchObject({ firstName: SAMPLE_PATIENT.firstName, lastName: SAMPLE_PATIENT.lastName, attributes: { balance_due: "balance due" } });
    expect(recipient.appointment?.provider).toBe(SAMPLE_PATIENT.provider);
  });
});
