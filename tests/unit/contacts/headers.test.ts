import { describe, expect, it } from "vitest";
import { mapHeaders, matchHeader, toAttributeKey } from "@/lib/contacts";

describe("header mapping", () => {
  it.each([
    ["First Name", "firstName"], ["first_name", "firstName"], ["FirstName", "firstName"], ["given name", "firstName"], [" FIRST-NAME ", "firstName"],
    ["Last Name", "lastName"], ["surname", "lastName"],
    ["Name", "fullName"], ["Full Name", "fullName"],
    ["Phone", "phone"], ["Mobile", "phone"], ["Cell", "phone"], ["Phone Number", "phone"], ["Tel", "phone"], ["phone_number", "phone"],
    ["Email", "email"], ["E-mail", "email"], ["Email Address", "email"],
    ["Time Zone", "timezone"], ["TZ", "timezone"], ["timezone", "timezone"],
    ["ID", "externalId"], ["Patient ID", "externalId"], ["External ID", "externalId"], ["MRN", "externalId"], ["PatNum", "externalId"], ["Chart Number", "externalId"], ["Chart No.", "externalId"], ["Patient Number", "externalId"],
    ["Appointment Date", "appointmentDate"], ["Appt Date", "appointmentDate"],
    ["Appointment Time", "appointmentTime"], ["Appt. Time", "appointmentTime"],
    ["Appointment", "appointmentDateTime"],
    ["Provider", "provider"], ["Doctor", "provider"], ["Dentist", "provider"],
    ["Location", "location"], ["Office", "location"], ["Clinic", "location"],
  ])("recognises %j as %s", (header, field) => {
    expect(matchHeader(header)).toBe(field);
  });

  it.each(["Insurance Plan", "Date of Birth", "Notes", ""])("leaves %j as a custom column", (header) => {
    expect(matchHeader(header)).toBeNull();
  });

  it.each([
    ["Insurance Plan", "insurancePlan"],
    ["last_visit_date", "lastVisitDate"],
    ["insurancePlan", "insurancePlan"],
    ["HMO ID", "hmoId"],
    ["  Preferred   Language (spoken) ", "preferredLanguageSpoken"],
    ["Ünïcode Nämé", "ünïcodeNämé"],
  ])("turns %j into the attribute key %s", (header, key) => {
    expect(toAttributeKey(header)).toBe(key);
  });

  it("maps the first column per field, keeps later duplicates and unknown columns as unique custom attributes", () => {
    const mapping = mapHeaders(["Mobile", "Home Phone", "Phone", "Notes", "notes", "", "Name"]);
    expect(mapping.fields).toEqual({ phone: 0, fullName: 6 });
    expect(mapping.attributeKeys).toEqual(["homePhone", "phone", "notes", "notes2", "column6"]);
  });
});
