import { describe, expect, it } from "vitest";
import { deriveCredentialKey } from "@/lib/calls";
import { open, seal } from "@/lib/calls/secret-box";
import { messageTwiml, spokenNumber, voicemailTwiml } from "@/lib/calls/twiml";
import { nextAllowedByCap, nextCallingTime } from "@/lib/calls/window";

const WEEKDAYS = { startMinute: 9 * 60, endMinute: 20 * 60, weekdays: [1, 2, 3, 4, 5] };
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("calling window", () => {
  it("places a call now when it is inside the window in the recipient's zone", () => {
    // 15:00 UTC on Wednesday 2030-01-09 is 09:00 in Chicago and 07:00 in Los Angeles.
    const now = new Date("2030-01-09T15:00:00Z");
    expect(iso(nextCallingTime(now, "America/Chicago", WEEKDAYS))).toBe(now.toISOString());
    expect(iso(nextCallingTime(now, "America/Los_Angeles", WEEKDAYS))).toBe("2030-01-09T17:00:00.000Z");
  });

  it("waits past the evening and the weekend to the next allowed morning", () => {
    // Friday 2030-01-11 20:30 in New York → Monday 09:00 New York.
    expect(iso(nextCallingTime(new Date("2030-01-12T01:30:00Z"), "America/New_York", WEEKDAYS))).toBe("2030-01-14T14:00:00.000Z");
  });

  it("never goes outside 8:00–21:00 local, whatever the organisation set", () => {
    const wide = { startMinute: 6 * 60, endMinute: 23 * 60, weekdays: [1, 2, 3, 4, 5, 6, 7] };
    expect(iso(nextCallingTime(new Date("2030-01-09T06:30:00Z"), "Europe/London", wide))).toBe("2030-01-09T08:00:00.000Z");
    expect(iso(nextCallingTime(new Date("2030-01-09T21:00:00Z"), "Europe/London", wide))).toBe("2030-01-10T08:00:00.000Z");
  });

  it("opens at 9:00 local on the days the clocks change", () => {
    // US spring forward: Sunday 2030-03-10. Monday 09:00 Chicago is then 14:00 UTC (CDT), not 15:00.
    expect(iso(nextCallingTime(new Date("2030-03-09T03:00:00Z"), "America/Chicago", WEEKDAYS))).toBe("2030-03-11T14:00:00.000Z");
    // The Friday before, still CST: 15:00 UTC.
    expect(iso(nextCallingTime(new Date("2030-03-08T12:00:00Z"), "America/Chicago", WEEKDAYS))).toBe("2030-03-08T15:00:00.000Z");
    // EU fall back, Sunday 2030-10-27: Monday 09:00 Berlin is 08:00 UTC (CET); Friday before 07:00 UTC (CEST).
    expect(iso(nextCallingTime(new Date("2030-10-26T12:00:00Z"), "Europe/Berlin", WEEKDAYS))).toBe("2030-10-28T08:00:00.000Z");
    expect(iso(nextCallingTime(new Date("2030-10-25T05:00:00Z"), "Europe/Berlin", WEEKDAYS))).toBe("2030-10-25T07:00:00.000Z");
  });

  it("has no time to offer when no weekday is allowed or the window is empty", () => {
    expect(nextCallingTime(new Date(), "UTC", { ...WEEKDAYS, weekdays: [] })).toBeNull();
    expect(nextCallingTime(new Date(), "UTC", { ...WEEKDAYS, startMinute: 21 * 60, endMinute: 22 * 60 })).toBeNull();
  });
});

describe("frequency cap", () => {
  const now = new Date("2030-01-09T15:00:00Z");
  const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);
  it("allows a number under both limits now", () => {
    expect(nextAllowedByCap(now, [ago(30), ago(100)], { perDay: 1, perWeek: 3 })).toEqual(now);
  });
  it("waits until the day's call is 24 hours old", () => {
    expect(nextAllowedByCap(now, [ago(5)], { perDay: 1, perWeek: 3 })).toEqual(new Date(ago(5).getTime() + 24 * 3600_000));
  });
  it("waits until the oldest of the week's calls is 7 days old", () => {
    expect(nextAllowedByCap(now, [ago(30), ago(60), ago(150)], { perDay: 1, perWeek: 3 })).toEqual(new Date(ago(150).getTime() + 7 * 24 * 3600_000));
  });
});

describe("carrier credentials and TwiML", () => {
  it("seals the auth token so only this key and organisation open it", () => {
    const key = deriveCredentialKey("s".repeat(40));
    const sealed = seal(key, "token-123", "org-a");
    expect(sealed).not.toContain("token-123");
    expect(open(key, sealed, "org-a")).toBe("token-123");
    expect(open(key, sealed, "org-b")).toBeNull();
    expect(open(deriveCredentialKey("t".repeat(40)), sealed, "org-a")).toBeNull();
    expect(open(key, `${sealed.slice(0, -2)}AA`, "org-a")).toBeNull();
  });

  it("plays the message inside a one-key Gather and comes back once when nobody presses a key", () => {
    const doc = messageTwiml({ audioUrl: "https://x.test/a.mp3?sig=1&exp=2", prompt: "Press 1.", gatherUrl: "https://x.test/g?a=1&r=1", repeatUrl: "https://x.test/v?a=1&r=2" });
    expect(doc).toContain('<Gather numDigits="1" action="https://x.test/g?a=1&amp;r=1" method="POST" timeout="5" finishOnKey="">');
    expect(doc).toContain("<Play>https://x.test/a.mp3?sig=1&amp;exp=2</Play>");
    expect(doc).toMatch(/<\/Gather><Redirect method="POST">https:\/\/x\.test\/v\?a=1&amp;r=2<\/Redirect>/);
    expect(messageTwiml({ audioUrl: "a", prompt: "p", gatherUrl: "g", repeatUrl: null })).toMatch(/<\/Gather><Hangup\/>/);
    expect(voicemailTwiml({ audioUrl: "a", callback: "Call us." })).not.toContain("Gather");
  });

  it("reads a callback number digit by digit", () => {
    expect(spokenNumber("+13125550100")).toBe("3 1 2, 5 5 5, 0 1 0 0");
  });
});
