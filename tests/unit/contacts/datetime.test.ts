import { describe, expect, it } from "vitest";
import { canonicalTimeZone, parseDateTime, parseTime, zonedWallTimeToDate } from "@/lib/values/datetime";

function at(raw: string, zone: string): Date | null {
  const parsed = parseDateTime(raw);
  if (!parsed) return null;
  if (parsed.kind === "instant") return parsed.at;
  return parsed.time ? zonedWallTimeToDate(parsed.date, parsed.time, zone) : null;
}

describe("appointment date parsing", () => {
  it.each([
    ["2026-03-03 14:30", "2026-03-03T20:30:00.000Z"],
    ["2026-03-03T14:30", "2026-03-03T20:30:00.000Z"],
    ["2026-03-03T14:30:00", "2026-03-03T20:30:00.000Z"],
    ["3/3/2026 2:30 PM", "2026-03-03T20:30:00.000Z"],
    ["3/3/26 2:30pm", "2026-03-03T20:30:00.000Z"],
    ["03/03/2026 14:30", "2026-03-03T20:30:00.000Z"],
    ["Mar 3, 2026 2:30 PM", "2026-03-03T20:30:00.000Z"],
    ["3 March 2026 at 2:30 p.m.", "2026-03-03T20:30:00.000Z"],
    ["2026-07-01 14:30", "2026-07-01T19:30:00.000Z"],
    ["2026-03-03T14:30:00Z", "2026-03-03T14:30:00.000Z"],
    ["2026-03-03T14:30:00-05:00", "2026-03-03T19:30:00.000Z"],
  ])("reads %j in America/Chicago as %s", (raw, iso) => {
    expect(at(raw, "America/Chicago")?.toISOString()).toBe(iso);
  });

  it.each(["2026-02-30 10:00", "13/1/2026 10:00", "tomorrow", "2026-03-03 25:00", "3/3/2026 13:00 PM"])("rejects %j", (raw) => {
    expect(at(raw, "America/Chicago")).toBeNull();
  });

  it("keeps a date without a time as a date, so the caller can ask for the time", () => {
    expect(parseDateTime("2026-03-03")).toEqual({ kind: "wall", date: { year: 2026, month: 3, day: 3 }, time: null });
  });

  it("moves a time skipped by the spring DST change forward, as calendars do", () => {
    expect(at("2026-03-08 02:30", "America/Chicago")?.toISOString()).toBe("2026-03-08T08:30:00.000Z");
  });

  it("reads times in 12- and 24-hour forms", () => {
    expect(parseTime("12:15 AM")).toEqual({ hour: 0, minute: 15, second: 0 });
    expect(parseTime("12 pm")).toEqual({ hour: 12, minute: 0, second: 0 });
    expect(parseTime("14")).toBeNull();
  });

  it("canonicalises time zone names and rejects unknown ones", () => {
    expect(canonicalTimeZone("america/chicago")).toBe("America/Chicago");
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
  });
});
