import { describe, expect, it } from "vitest";
import { resolveAppointmentWindow } from "@/lib/contacts/appointment-window";
import { listSlotsBetween, nextSlotAfter, scheduleWindow, slotOn } from "@/lib/schedules";

const NEW_YORK = { weekdays: [1, 2, 3, 4, 5, 6, 7], timezone: "America/New_York" };

describe("schedule slots", () => {
  it("fires at the same local time on each side of spring forward (09:00 is 14:00Z, then 13:00Z)", () => {
    const timing = { ...NEW_YORK, localTime: "09:00" };
    expect(slotOn(timing, "2026-03-07").at.toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(slotOn(timing, "2026-03-08").at.toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });

  it("fires at the same local time on each side of fall back (09:00 is 13:00Z, then 14:00Z)", () => {
    const timing = { ...NEW_YORK, localTime: "09:00" };
    expect(slotOn(timing, "2026-10-31").at.toISOString()).toBe("2026-10-31T13:00:00.000Z");
    expect(slotOn(timing, "2026-11-01").at.toISOString()).toBe("2026-11-01T14:00:00.000Z");
  });

  it("fires a time the clocks skip as far past the jump as it was into the gap (02:30 → 03:30 EDT)", () => {
    expect(slotOn({ ...NEW_YORK, localTime: "02:30" }, "2026-03-08").at.toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });

  it("fires a time that happens twice at its first occurrence, in summer time (01:30 EDT)", () => {
    expect(slotOn({ ...NEW_YORK, localTime: "01:30" }, "2026-11-01").at.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // Berlin falls back at 03:00 to 02:00: 02:30 happens at 00:30Z (CEST) and at 01:30Z (CET).
    expect(slotOn({ weekdays: [7], timezone: "Europe/Berlin", localTime: "02:30" }, "2026-10-25").at.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("has exactly one slot per chosen local day across a change, and none on other weekdays", () => {
    const daily = listSlotsBetween({ ...NEW_YORK, localTime: "02:30" }, new Date("2026-03-06T00:00Z"), new Date("2026-03-10T00:00Z"));
    expect(daily.map((s) => s.localDate)).toEqual(["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]);
    // Mondays and Fridays only: 2026-03-06 is a Friday, 2026-03-09 a Monday.
    const weekdays = listSlotsBetween({ ...NEW_YORK, weekdays: [1, 5], localTime: "09:00" }, new Date("2026-03-01T00:00Z"), new Date("2026-03-14T00:00Z"));
    expect(weekdays.map((s) => s.localDate)).toEqual(["2026-03-02", "2026-03-06", "2026-03-09", "2026-03-13"]);
  });

  it("shows the next run strictly after now, in the organisation's zone", () => {
    const timing = { ...NEW_YORK, weekdays: [1], localTime: "09:00" };
    // Friday 2026-03-06 noon UTC: the next Monday 09:00 is after the change, so 13:00Z.
    expect(nextSlotAfter(timing, new Date("2026-03-06T12:00Z"))).toEqual({ at: new Date("2026-03-09T13:00Z"), localDate: "2026-03-09" });
    expect(nextSlotAfter(timing, new Date("2026-03-09T13:00Z"))?.localDate).toBe("2026-03-16");
    expect(nextSlotAfter({ ...timing, weekdays: [] }, new Date())).toBeNull();
  });

  it("takes the appointment day as the local calendar day, 23 hours long on spring-forward day", () => {
    const day = resolveAppointmentWindow(scheduleWindow(1), "America/New_York", new Date("2026-03-07T12:00Z"), "2026-03-07");
    expect(day).toEqual({ from: new Date("2026-03-08T05:00Z"), to: new Date("2026-03-09T04:00Z"), firstDate: "2026-03-08", lastDate: "2026-03-08" });
  });
});
