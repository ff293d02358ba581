import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectKnownExport, guessColumns, normaliseAppointmentStatus, normaliseLanguage, parseContactsCsv } from "@/lib/contacts";

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, "../../fixtures/imports", name));
const parse = (csv: string | Buffer, mapping?: Parameters<typeof parseContactsCsv>[1]["mapping"]) =>
  parseContactsCsv(csv, { defaultTimezone: "America/Chicago", now: new Date("2030-01-01T00:00:00Z"), mapping });

function contactsOf(csv: Buffer) {
  const result = parse(csv);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("known practice exports", () => {
  it.each([
    ["open-dental.csv", "open-dental", 10],
    ["dentrix.csv", "dentrix", 9],
    ["eaglesoft.csv", "eaglesoft", 8],
    ["athenaone.csv", "athenaone", 8],
    ["simplepractice.csv", "simplepractice", 9],
  ])("recognises %s as %s and imports every row without a question", (file, system, rows) => {
    const parsed = contactsOf(fixture(file));
    expect(parsed.guess.system?.id).toBe(system);
    expect(parsed.guess.source).toBe("known");
    expect(parsed.guess.complete).toBe(true);
    expect(parsed.errors).toEqual([]);
    expect(parsed.contacts).toHaveLength(rows);
    for (const c of parsed.contacts) {
      expect(c.phone).toMatch(/^\+1\d{10}$/);
      expect(c.firstName && c.lastName).toBeTruthy();
      expect(c.appointments).toHaveLength(1);
    }
  });

  it("maps Open Dental's columns: ids, split names, the wireless phone first, statuses and languages", () => {
    const { contacts, guess } = contactsOf(fixture("open-dental.csv"));
    const roles = Object.fromEntries(guess.columns.map((c) => [c.header, c.role]));
    expect(roles).toMatchObject({ PatNum: "externalId", LName: "lastName", FName: "firstName", WirelessPhone: "phone", HmPhone: "homePhone", WkPhone: "workPhone", AptDateTime: "appointmentDateTime", AptStatus: "status", ProvAbbr: "provider", Language: "language" });
    const rosa = contacts.find((c) => c.externalId === "1042")!;
    expect(rosa).toMatchObject({ firstName: "Rosa", lastName: "Alvarez", phone: "+15125550142", language: "es" });
    expect(rosa.attributes).toMatchObject({ preferred: "Rosie", hmPhone: "(512) 555-0242" });
    expect(rosa.appointments[0]).toMatchObject({ provider: "DrKim", location: "Main Street", status: "scheduled" });
    // No wireless phone: the home phone is the one called.
    expect(contacts.find((c) => c.externalId === "1044")).toMatchObject({ phone: "+15125550244", language: "zh" });
    expect(contacts.map((c) => c.appointments[0]?.status)).toEqual([
      "scheduled", "completed", "broken", "scheduled", "cancelled", "scheduled", "scheduled", "scheduled", "broken", "scheduled",
    ]);
  });

  it("splits Dentrix's \"Last, First\" patient name and reads its statuses, ?????? included", () => {
    const { contacts } = contactsOf(fixture("dentrix.csv"));
    expect(contacts[0]).toMatchObject({ firstName: "Anna", lastName: "Kowalski", externalId: "KO0001", phone: "+13035550111" });
    expect(contacts[1]).toMatchObject({ firstName: "Erik", lastName: "Lindqvist", phone: "+13035550112" });
    expect(contacts[0]!.attributes).toMatchObject({ operatory: "OP1", apptReason: "Crown seat" });
    expect(contacts.map((c) => c.appointments[0]?.status)).toEqual([
      "confirmed", "unconfirmed", "broken", "confirmed", "unconfirmed", "no_show", "completed", "unconfirmed", "confirmed",
    ]);
  });

  it("reads athenaOne's coded statuses and keeps an unknown language with a warning", () => {
    const parsed = contactsOf(fixture("athenaone.csv"));
    expect(parsed.contacts.map((c) => c.appointments[0]?.status)).toEqual(["scheduled", "cancelled", "scheduled", "scheduled", "completed", "scheduled", "cancelled", "scheduled"]);
    expect(parsed.contacts.map((c) => c.language)).toEqual(["Bengali", "en", "zh", "es", "ru", "ht", "en", "en"]);
    expect(parsed.warnings.map((w) => w.message)).toContain("Row 2: language 'Bengali' is not one we recognise; it was kept as written.");
    expect(parsed.contacts[0]!.appointments[0]?.provider).toBe("Dr. Ada Okafor");
    expect(parsed.contacts[0]!.appointments[0]?.location).toBe("Brooklyn Clinic");
  });

  it("reads SimplePractice's client column and its cancel statuses", () => {
    const { contacts } = contactsOf(fixture("simplepractice.csv"));
    expect(contacts[0]).toMatchObject({ firstName: "Valeria", lastName: "Ortega", language: "es" });
    expect(contacts[4]).toMatchObject({ firstName: "Linh", phone: "+14155550284", language: "vi" });
    expect(contacts.map((c) => c.appointments[0]?.status)).toEqual(["scheduled", "scheduled", "cancelled", "cancelled", "scheduled", "no_show", "scheduled", "cancelled", "scheduled"]);
    expect(contacts[0]!.appointments[0]?.provider).toBe("Dana Whitfield LCSW");
  });

  it("reads Eaglesoft's cell phone before its home phone", () => {
    const { contacts } = contactsOf(fixture("eaglesoft.csv"));
    expect(contacts[0]).toMatchObject({ externalId: "E-2001", phone: "+12065550131", language: "ja" });
    expect(contacts[7]).toMatchObject({ phone: "+12065550139", language: null });
    expect(contacts.filter((c) => c.appointments[0]?.status === "cancelled").map((c) => c.lastName)).toEqual(["Vargas", "Young"]);
  });

  it("does not take a generic contacts file for a known export", () => {
    expect(detectKnownExport(["First Name", "Last Name", "Phone", "Email", "Appointment", "Provider", "Insurance Plan"])).toBeNull();
    const guess = guessColumns(["First Name", "Last Name", "Phone", "Insurance Plan"]);
    expect(guess.source).toBe("guessed");
    expect(guess.complete).toBe(true);
  });
});

describe("the guess for an unknown export", () => {
  it("reads a practice export that has no plain phone column (Wireless Phone, Home Phone, Appt Status, \"Last, First\")", () => {
    const csv = ["Patient,Patient ID,Wireless Phone,Home Phone,Appt Date,Appt Time,Appt Status", '"Nguyen, Thi",P-9,,(512) 555-0190,2030-06-01,9:00 AM,Canceled', '"Okoro, Ada",P-10,512 555 0191,,2030-06-01,9:30 AM,Confirmed'].join("\n");
    const result = parse(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.guess.complete).toBe(true);
    expect(result.value.contacts.map((c) => [c.firstName, c.lastName, c.phone, c.externalId, c.appointments[0]?.status])).toEqual([
      ["Thi", "Nguyen", "+15125550190", "P-9", "cancelled"],
      ["Ada", "Okoro", "+15125550191", "P-10", "confirmed"],
    ]);
  });

  it("asks when it finds no phone, and imports once the mapping names the columns", () => {
    const csv = "Pt,Cell #,When,Idioma\nRosa Diaz,512-555-0192,2030-06-01 10:00,Español\n";
    expect(guessColumns(["Pt", "Cell #", "When", "Idioma"]).complete).toBe(true);
    const unknown = "Who,Digits,When\nRosa Diaz,512-555-0192,2030-06-01 10:00\n";
    const refused = parse(unknown);
    expect(refused.ok).toBe(false);
    expect(guessColumns(["Who", "Digits", "When"]).complete).toBe(false);
    const mapped = parse(unknown, { columns: { Who: "fullName", Digits: "phone", When: "appointmentDateTime" } });
    expect(mapped.ok && mapped.value.contacts[0]).toMatchObject({ firstName: "Rosa", lastName: "Diaz", phone: "+15125550192" });
    expect(mapped.ok && mapped.value.guess.source).toBe("given");
    expect(parse(csv).ok && (parse(csv) as { ok: true; value: { contacts: { language: string | null }[] } }).value.contacts[0]?.language).toBe("es");
  });

  it("calls the phones in the mapping's order and falls back to the next when one is not callable", () => {
    const csv = "Name,Mobile,Home Phone,Work Phone\nAna Ruiz,(512) 555-0193,(512) 555-0194,(512) 555-0195\nBo Li,not a phone,,(512) 555-0196\n";
    const byDefault = parse(csv);
    expect(byDefault.ok && byDefault.value.contacts.map((c) => c.phone)).toEqual(["+15125550193", "+15125550196"]);
    expect(byDefault.ok && byDefault.value.warnings[0]?.message).toContain("Row 3: Mobile is not a number we can call");
    const homeFirst = parse(csv, { columns: {}, phoneOrder: ["homePhone", "workPhone", "phone"] });
    expect(homeFirst.ok && homeFirst.value.contacts.map((c) => c.phone)).toEqual(["+15125550194", "+15125550196"]);
  });

  it("leaves ignored columns out and keeps custom ones", () => {
    const result = parse("Name,Phone,SSN,Plan\nAna Ruiz,512-555-0197,123-45-6789,Gold\n", { columns: { SSN: "ignore" } });
    expect(result.ok && result.value.contacts[0]?.attributes).toEqual({ plan: "Gold" });
  });
});

describe("value normalisation", () => {
  it.each([
    ["Scheduled", "scheduled"], ["Confirmed", "confirmed"], ["Unconfirmed", "unconfirmed"], ["??????", "unconfirmed"], ["Broken", "broken"],
    ["Cancelled", "cancelled"], ["Canceled", "cancelled"], ["CANCELED", "cancelled"], ["x - Cancelled", "cancelled"], ["Late Canceled", "cancelled"],
    ["No show", "no_show"], ["No-Show", "no_show"], ["NoShow", "no_show"], ["Completed", "completed"], ["Complete", "completed"],
    ["3 - Checked Out", "completed"], ["Rescheduled", "rescheduled"], ["ASAP", "scheduled"], ["f - Future", "scheduled"], ["Show", "scheduled"],
    ["", null], ["Pending review by Dr", "unknown"],
  ])("reads the status %j as %s", (value, status) => {
    expect(normaliseAppointmentStatus(value)).toBe(status);
  });

  it.each([
    ["Spanish", "es"], ["es", "es"], ["SPA", "es"], ["Español", "es"], ["espanol", "es"], ["es-MX", "es"], ["English", "en"], ["en", "en"], ["ENG", "en"],
    ["en_US", "en"], ["Vietnamese", "vi"], ["Haitian Creole", "ht"],
  ])("reads the language %j as %s", (value, tag) => {
    expect(normaliseLanguage(value)).toEqual({ tag, known: true });
  });

  it("keeps an unknown language as written and says so", () => {
    expect(normaliseLanguage(" Klingon ")).toEqual({ tag: "Klingon", known: false });
    expect(normaliseLanguage("")).toBeNull();
  });
});
