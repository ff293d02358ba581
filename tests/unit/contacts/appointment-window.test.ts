import { describe, expect, it } from "vitest";
import {
  appointmentWindowParamSchema,
  appointmentWindowSchema,
  describeAppointmentWindow,
  formatAppointmentWindowParam,
  resolveAppointmentWindow,
  type AppointmentWindow,
} from "@/lib/contacts/appointment-window";

const NY = "America/New_York";

describe("resolveAppointmentWindow", () => {
  it("takes tomorrow as the whole local day at 11:50, not the next 24 hours", () => {
    const now = new Date("2026-06-09T15:50Z"); // 11:50 in New York
    expect(resolveAppointmentWindow({ kind: "tomorrow" }, NY, now)).toEqual({
      from: new Date("2026-06-10T04:00Z"),
      to: new Date("2026-06-11T04:00Z"),
      firstDate: "2026-06-10",
      lastDate: "2026-06-10",
    });
  });

  it("keeps tomorrow one local day across daylight-saving changes (23 and 25 hours)", () => {
    const spring = resolveAppointmentWindow({ kind: "tomorrow" }, NY, new Date("2026-03-07T16:50Z"));
    expect([spring.from, spring.to]).toEqual([new Date("2026-03-08T05:00Z"), new Date("2026-03-09T04:00Z")]);
    const fall = resolveAppointmentWindow({ kind: "inDays", days: 1 }, NY, new Date("2026-10-31T15:50Z"));
    expect([fall.from, fall.to]).toEqual([new Date("2026-11-01T04:00Z"), new Date("2026-11-02T05:00Z")]);
  });

  it("counts the days from the organisation's date, not the server's", () => {
    // 02:00 UTC on June 10 is still June 9 in New York: tomorrow there is June 10.
    expect(resolveAppointmentWindow({ kind: "tomorrow" }, NY, new Date("2026-06-10T02:00Z")).firstDate).toBe("2026-06-10");
    expect(resolveAppointmentWindow({ kind: "tomorrow" }, "Asia/Tokyo", new Date("2026-06-10T02:00Z")).firstDate).toBe("2026-06-11");
  });

  it("starts a window that includes today at now, and counts from a given date", () => {
    const now = new Date("2026-06-09T15:50Z");
    expect(resolveAppointmentWindow({ kind: "nextDays", days: 2 }, NY, now)).toMatchObject({ from: now, to: new Date("2026-06-12T04:00Z"), firstDate: "2026-06-09", lastDate: "2026-06-11" });
    expect(resolveAppointmentWindow({ kind: "range", from: "2026-06-01", to: "2026-06-20" }, NY, now).from).toEqual(now);
    expect(resolveAppointmentWindow({ kind: "inDays", days: 2 }, NY, now, "2026-07-01").firstDate).toBe("2026-07-03");
  });
});

describe("appointment window shapes", () => {
  const windows: AppointmentWindow[] = [
    { kind: "tomorrow" },
    { kind: "inDays", days: 3 },
    { kind: "nextDays", days: 7 },
    { kind: "date", date: "2026-03-03" },
    { kind: "range", from: "2026-03-03", to: "2026-03-06" },
  ];

  it.each(windows)("reads back its query-string form: %o", (window) => {
    expect(appointmentWindowParamSchema.parse(formatAppointmentWindowParam(window))).toEqual(window);
  });

  it("refuses what is not a window, with a message", () => {
    for (const bad of ["soon", "in:-1", "next:0", "2026-02-30", "2026-03-06..2026-03-03", "in:366"]) {
      const parsed = appointmentWindowParamSchema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
    }
    expect(appointmentWindowSchema.safeParse({ kind: "range", from: "2026-01-01", to: "2027-06-01" }).success).toBe(false);
  });

  it("says the window with the dates it means", () => {
    const now = new Date("2026-03-02T15:00Z");
    expect(describeAppointmentWindow({ kind: "tomorrow" }, NY, now)).toBe("tomorrow (Tuesday, March 3, 2026)");
    expect(describeAppointmentWindow({ kind: "inDays", days: 3 }, NY, now)).toBe("in 3 days (Thursday, March 5, 2026)");
    expect(describeAppointmentWindow({ kind: "range", from: "2026-03-03", to: "2026-03-06" }, NY, now)).toBe("from Tuesday, March 3, 2026 through Friday, March 6, 2026");
    expect(describeAppointmentWindow({ kind: "nextDays", days: 7 }, NY, now)).toBe("from now through Monday, March 9, 2026 (the next 7 days)");
  });
});
