import { describe, expect, it } from "vitest";
import {
  MAX_TEMPLATE_LENGTH,
  TEMPLATE_VARIABLES,
  toCustomAttributeKey,
  validateTemplate,
  type TemplateError,
} from "@/lib/templates";

function errorsOf(source: string, customAttributes: string[] = [], maxLength?: number): TemplateError[] {
  const result = validateTemplate(source, { customAttributes, ...(maxLength === undefined ? {} : { maxLength }) });
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return result.error;
}

describe("validateTemplate", () => {
  it("accepts every built-in variable and declared custom attributes", () => {
    const source = `${TEMPLATE_VARIABLES.map((v) => `{{${v.name}}}`).join(" ")} {{custom.plan}} {{custom.visits}}`;
    const result = validateTemplate(source, { customAttributes: ["plan", "custom.visits"] });
    expect(result.ok).toBe(true);
  });

  it("suggests the right case for a mistyped name", () => {
    const [error] = errorsOf("Hi {{firstname}}");
    expect(error).toMatchObject({ code: "unknown_variable", start: 3, end: 16, suggestion: "{{firstName}}" });
    expect(error?.message).toContain("Did you mean {{firstName}}?");
  });

  it("suggests the closest name for a typo", () => {
    expect(errorsOf("at {{appointment.tme}}")[0]?.suggestion).toBe("{{appointment.time}}");
    expect(errorsOf("{{frstName}}")[0]?.suggestion).toBe("{{firstName}}");
  });

  it("suggests names written with underscores or common aliases", () => {
    expect(errorsOf("{{first_name}}")[0]?.suggestion).toBe("{{firstName}}");
    expect(errorsOf("{{name}}")[0]?.suggestion).toBe("{{fullName}}");
    expect(errorsOf("{{doctor}}")[0]?.suggestion).toBe("{{appointment.provider}}");
  });

  it("suggests the custom prefix for a custom column used without it", () => {
    expect(errorsOf("{{insurance_plan}}", ["insurance_plan"])[0]?.suggestion).toBe("{{custom.insurance_plan}}");
  });

  it("rejects custom attributes that were not imported", () => {
    const [error] = errorsOf("{{custom.balance}}", ["plan"]);
    expect(error?.code).toBe("unknown_variable");
  });

  it("offers no suggestion when nothing is close", () => {
    const [error] = errorsOf("{{zebraCrossing}}");
    expect(error?.suggestion).toBeUndefined();
    expect(error?.message).toMatch(/list of variables/);
  });

  it("rejects an empty or blank message", () => {
    expect(errorsOf("")[0]?.code).toBe("template_empty");
    expect(errorsOf("  \n ")[0]?.code).toBe("template_empty");
  });

  it("rejects a message longer than the phone limit and marks the excess", () => {
    const source = "a".repeat(MAX_TEMPLATE_LENGTH + 10);
    expect(errorsOf(source)[0]).toMatchObject({ code: "template_too_long", start: MAX_TEMPLATE_LENGTH, end: source.length });
    expect(validateTemplate("a".repeat(MAX_TEMPLATE_LENGTH), { customAttributes: [] }).ok).toBe(true);
  });

  it("uses a custom length limit when given", () => {
    expect(errorsOf("Hello there", [], 5)[0]?.code).toBe("template_too_long");
  });

  it("returns syntax errors together with length errors, in source order", () => {
    const errors = errorsOf(`${"a".repeat(20)}{{`, [], 10);
    expect(errors.map((e) => e.code)).toEqual(["template_too_long", "template_syntax"]);
  });

  it("sets the default limit at 1,000 characters", () => {
    expect(MAX_TEMPLATE_LENGTH).toBe(1000);
  });
});

describe("TEMPLATE_VARIABLES", () => {
  it("documents each variable with a description and an example", () => {
    for (const variable of TEMPLATE_VARIABLES) {
      expect(variable.description.length).toBeGreaterThan(0);
      expect(variable.example.length).toBeGreaterThan(0);
    }
    expect(TEMPLATE_VARIABLES.map((v) => v.name)).toContain("appointment.dateTime");
  });
});

describe("toCustomAttributeKey", () => {
  it("keeps headers that already are identifiers and snake-cases the rest", () => {
    expect(toCustomAttributeKey("insurancePlan")).toBe("insurancePlan");
    expect(toCustomAttributeKey("Insurance Plan")).toBe("insurance_plan");
    expect(toCustomAttributeKey("# of visits")).toBe("of_visits");
    expect(toCustomAttributeKey("2nd phone")).toBe("_2nd_phone");
    expect(toCustomAttributeKey("Café")).toBe("cafe");
    expect(toCustomAttributeKey("!!!")).toBe("");
  });
});
