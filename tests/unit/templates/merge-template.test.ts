import { describe, expect, it } from "vitest";
import { listMissingValues, mergeTemplate, parseTemplate, type MergeData, type ParsedTemplate } from "@/lib/templates";

function parse(source: string): ParsedTemplate {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join("; "));
  return result.value;
}

// 2026-03-03T19:30:00Z is Tuesday 2:30 PM in New York and 11:30 AM in Los Angeles.
const startsAt = new Date("2026-03-03T19:30:00Z");

function data(overrides: { contact?: Partial<MergeData["contact"]>; appointment?: MergeData["appointment"] } = {}): MergeData {
  return {
    contact: {
      firstName: "Maria",
      lastName: "Garcia",
      phone: "(555) 123-4567",
      email: "maria@example.com",
      timezone: "America/New_York",
      attributes: { plan: "Gold" },
      ...overrides.contact,
    },
    appointment:
      overrides.appointment === undefined
        ? { startsAt, provider: "Dr. Lee", location: "Bright Smile Dental" }
        : overrides.appointment,
    defaultTimezone: "America/Chicago",
  };
}

describe("mergeTemplate", () => {
  it("fills contact, appointment and custom variables", () => {
    const parsed = parse(
      "Hi {{firstName}} {{lastName}} ({{fullName}}), {{appointment.date}} at {{appointment.time}} with {{appointment.provider}} at {{appointment.location}}. Plan: {{custom.plan}}. {{phone}} {{email}}",
    );
    expect(mergeTemplate(parsed, data())).toBe(
      "Hi Maria Garcia (Maria Garcia), Tuesday, March 3 at 2:30 PM with Dr. Lee at Bright Smile Dental. Plan: Gold. (555) 123-4567 maria@example.com",
    );
  });

  it("formats the appointment in the contact's time zone", () => {
    const parsed = parse("{{appointment.dateTime}}");
    expect(mergeTemplate(parsed, data({ contact: { timezone: "America/Los_Angeles" } }))).toBe("Tuesday, March 3 at 11:30 AM");
  });

  it("falls back to the default time zone when the contact has none or an unknown one", () => {
    const parsed = parse("{{appointment.time}}");
    expect(mergeTemplate(parsed, data({ contact: { timezone: null } }))).toBe("1:30 PM");
    expect(mergeTemplate(parsed, data({ contact: { timezone: "Mars/Olympus" } }))).toBe("1:30 PM");
  });

  it("uses a plain space before AM and PM", () => {
    const merged = mergeTemplate(parse("{{appointment.time}}"), data());
    expect(merged).not.toMatch(/[\u202f\u00a0]/);
  });

  it("uses the fallback when a value is missing or blank", () => {
    const parsed = parse("Hi {{firstName|there}}, see you {{appointment.date|soon}}.");
    expect(mergeTemplate(parsed, data({ contact: { firstName: "  " }, appointment: null }))).toBe("Hi there, see you soon.");
  });

  it("merges a missing value without fallback to nothing and tidies the text around it", () => {
    expect(mergeTemplate(parse("Hi {{firstName}}, your visit."), data({ contact: { firstName: null } }))).toBe("Hi, your visit.");
    expect(mergeTemplate(parse("{{firstName}}, your visit is with {{appointment.provider}}."), data({ contact: { firstName: null }, appointment: null }))).toBe(
      "your visit is with.",
    );
    expect(mergeTemplate(parse("See you, {{firstName}}!"), data({ contact: { firstName: "" } }))).toBe("See you!");
    expect(mergeTemplate(parse("Hi  {{firstName}}  there"), data({ contact: { firstName: null } }))).toBe("Hi there");
  });

  it("leaves the author's text untouched when every value is present", () => {
    expect(mergeTemplate(parse("Hi  {{firstName}} ,ok"), data())).toBe("Hi  Maria ,ok");
  });

  it("builds the full name from whichever parts exist", () => {
    expect(mergeTemplate(parse("{{fullName}}"), data({ contact: { lastName: null } }))).toBe("Maria");
  });

  it("does not expand placeholders that appear inside values", () => {
    expect(mergeTemplate(parse("Hi {{firstName}}"), data({ contact: { firstName: "{{lastName}}" } }))).toBe("Hi {{lastName}}");
  });

  it("does not read inherited properties as custom attributes", () => {
    expect(mergeTemplate(parse("[{{custom.toString|none}}]"), data())).toBe("[none]");
  });

  it("merges 100,000 recipients quickly", () => {
    const parsed = parse("Hi {{firstName}}, your appointment is on {{appointment.date}} at {{appointment.time}} with {{appointment.provider}}.");
    const zones = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];
    const recipients = zones.map((timezone) => data({ contact: { timezone } }));
    const started = performance.now();
    let length = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const recipient = recipients[i % recipients.length];
      if (recipient) length += mergeTemplate(parsed, recipient).length;
    }
    expect(length).toBeGreaterThan(0);
    // Generous bound: a per-call formatter construction would take tens of seconds.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("listMissingValues", () => {
  it("lists variables with no value and no fallback, once each", () => {
    const parsed = parse("Hi {{firstName}} {{firstName}}, {{lastName|friend}} {{appointment.time}} {{custom.balance}}");
    expect(listMissingValues(parsed, data({ contact: { firstName: null }, appointment: null }))).toEqual([
      "firstName",
      "appointment.time",
      "custom.balance",
    ]);
  });

  it("treats an explicitly empty fallback as intended, not missing", () => {
    expect(listMissingValues(parse("{{firstName|}}"), data({ contact: { firstName: null } }))).toEqual([]);
  });

  it("returns nothing when every value is present", () => {
    expect(listMissingValues(parse("{{firstName}} {{appointment.date}} {{custom.plan}}"), data())).toEqual([]);
  });
});

describe("one message for several people on one number", () => {
  const lucia = data({ contact: { firstName: "Lucia", lastName: "Reyes" } });
  const mateo = data({ contact: { firstName: "Mateo", lastName: "Reyes" }, appointment: { startsAt: new Date("2026-03-03T20:00:00Z"), provider: "Dr. Lee", location: "Bright Smile Dental" } });
  const ana = data({ contact: { firstName: "Ana", lastName: "Reyes" }, appointment: { startsAt, provider: "Dr. Patel", location: "Bright Smile Dental" } });
  const together = (first: MergeData, ...others: MergeData[]): MergeData => ({ ...first, together: others.map((o) => ({ contact: o.contact, appointment: o.appointment })) });

  it("names each, and says each one's time with their name when the times differ", () => {
    const template = parse("Hi {{firstName}}, you are seen on {{appointment.date}} at {{appointment.time}} with {{appointment.provider}}.");
    expect(mergeTemplate(template, together(lucia, mateo))).toBe("Hi Lucia and Mateo, you are seen on Tuesday, March 3 at 2:30 PM for Lucia and 3:00 PM for Mateo with Dr. Lee.");
    expect(mergeTemplate(template, together(lucia, mateo, ana))).toBe(
      "Hi Lucia, Mateo and Ana, you are seen on Tuesday, March 3 at 2:30 PM for Lucia, 3:00 PM for Mateo and 2:30 PM for Ana with Dr. Lee and Dr. Patel.",
    );
  });

  it("says a time once when everyone has it, and a shared last name once", () => {
    expect(mergeTemplate(parse("{{fullName}}; the {{lastName}} family at {{appointment.dateTime}}."), together(lucia, ana))).toBe(
      "Lucia Reyes and Ana Reyes; the Reyes family at Tuesday, March 3 at 2:30 PM.",
    );
  });

  it("leaves a message for one person as it was", () => {
    const template = parse("Hi {{firstName}}, {{appointment.time}}.");
    expect(mergeTemplate(template, together(lucia))).toBe(mergeTemplate(template, lucia));
    expect(mergeTemplate(template, lucia)).toBe("Hi Lucia, 2:30 PM.");
  });
});

describe("mergeTemplate in Spanish", () => {
  const spanish = (overrides: Parameters<typeof data>[0] = {}, language = "es"): MergeData => ({ ...data(overrides), language });

  it("formats the appointment as Spanish writes it, in the contact's zone", () => {
    const parsed = parse("Hola {{firstName}}, su cita es el {{appointment.date}} a las {{appointment.time}}. ({{appointment.dateTime}})");
    expect(mergeTemplate(parsed, spanish())).toBe("Hola Maria, su cita es el martes 3 de marzo a las 2:30 p. m. (martes 3 de marzo a las 2:30 p. m.)");
    const la = spanish({ contact: { timezone: "America/Los_Angeles" } }, "es-419");
    expect(mergeTemplate(parse("{{appointment.dateTime}}"), la)).toBe("martes 3 de marzo a las 11:30 a. m.");
  });

  it('says "a la 1:00" and a midnight hour as 12', () => {
    const one = spanish({ appointment: { startsAt: new Date("2026-03-03T18:00:00Z"), provider: null, location: null } });
    expect(mergeTemplate(parse("{{appointment.dateTime}}"), one)).toBe("martes 3 de marzo a la 1:00 p. m.");
    const midnight = spanish({ appointment: { startsAt: new Date("2026-03-01T05:05:00Z"), provider: null, location: null } });
    expect(mergeTemplate(parse("{{appointment.dateTime}}"), midnight)).toBe("domingo 1 de marzo a las 12:05 a. m.");
  });

  it("joins people said together with y and para", () => {
    const together = {
      ...spanish(),
      together: [{ contact: { ...data().contact, firstName: "Mateo" }, appointment: { startsAt: new Date("2026-03-03T20:00:00Z"), provider: null, location: null } }],
    };
    expect(mergeTemplate(parse("{{firstName}}: {{appointment.time}}"), together)).toBe("Maria y Mateo: 2:30 p. m. para Maria y 3:00 p. m. para Mateo");
  });

  it("formats in English without a language, or with one that has no formats of its own", () => {
    const parsed = parse("{{appointment.dateTime}}");
    expect(mergeTemplate(parsed, data())).toBe("Tuesday, March 3 at 2:30 PM");
    expect(mergeTemplate(parsed, { ...data(), language: "fr" })).toBe("Tuesday, March 3 at 2:30 PM");
  });
});
