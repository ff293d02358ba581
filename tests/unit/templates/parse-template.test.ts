import { describe, expect, it } from "vitest";
import { parseTemplate, reconstructSource, usesAppointment, type TemplateError } from "@/lib/templates";

function errorsOf(source: string): TemplateError[] {
  const result = parseTemplate(source);
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return result.error;
}

describe("parseTemplate", () => {
  it("splits text and variables and records each placeholder's position", () => {
    const source = "Hi {{firstName}}, see you {{ appointment.date | soon }}.";
    const result = parseTemplate(source);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.parts).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "variable", name: "firstName", fallback: null, start: 3, end: 16 },
      { kind: "text", text: ", see you " },
      { kind: "variable", name: "appointment.date", fallback: "soon", start: 26, end: 55 },
      { kind: "text", text: "." },
    ]);
    expect(source.slice(26, 55)).toBe("{{ appointment.date | soon }}");
    expect(result.value.variables).toEqual(["firstName", "appointment.date"]);
  });

  it("lists each variable once even when it is used twice", () => {
    const result = parseTemplate("{{firstName}} {{firstName|friend}}");
    expect(result.ok && result.value.variables).toEqual(["firstName"]);
  });

  it("treats an empty fallback as say-nothing and a missing one as null", () => {
    const result = parseTemplate("{{firstName|}}{{lastName}}");
    expect(result.ok && result.value.parts.map((p) => (p.kind === "variable" ? p.fallback : "text"))).toEqual(["", null]);
  });

  it("keeps a fallback's inner spaces and trims its ends", () => {
    const result = parseTemplate("{{firstName |  dear friend }}");
    expect(result.ok && result.value.parts[0]).toMatchObject({ fallback: "dear friend" });
  });

  it.each([
    ['{{appointment.time | "soon"}}', "soon"],
    ["{{appointment.time|\u201cin a few days\u201d}}", "in a few days"],
    ['{{firstName|""}}', ""],
    ['{{firstName|"there}}', '"there'],
  ])("reads the fallback of %s as %j: quotes only mark its ends", (source, fallback) => {
    const result = parseTemplate(source);
    expect(result.ok && result.value.parts[0]).toMatchObject({ fallback });
  });

  it("accepts text with no placeholders and single braces", () => {
    const result = parseTemplate("Press 1 {to confirm} or 2.");
    expect(result.ok && result.value.parts).toEqual([{ kind: "text", text: "Press 1 {to confirm} or 2." }]);
  });

  it("reconstructs the exact source from its parts", () => {
    const source = "Hi {{ firstName | there }}, {{custom.plan}}!";
    const result = parseTemplate(source);
    expect(result.ok && reconstructSource(result.value)).toBe(source);
  });

  it("reports an unclosed placeholder from its start to the end of the message", () => {
    const [error] = errorsOf("Hi {{firstName, see you soon");
    expect(error).toMatchObject({ code: "template_syntax", start: 3, end: 28 });
    expect(error?.message).toMatch(/never closed/);
  });

  it("reports a closing brace pair with no opening one", () => {
    const [error] = errorsOf("Hi firstName}} there");
    expect(error).toMatchObject({ code: "template_syntax", start: 12, end: 14 });
    expect(error?.message).toMatch(/no opening/);
  });

  it("reports an empty placeholder", () => {
    expect(errorsOf("Hi {{ }}!")[0]).toMatchObject({ code: "template_syntax", start: 3, end: 8 });
    expect(errorsOf("Hi {{}}!")[0]?.message).toMatch(/empty/);
  });

  it("reports a fallback without a name", () => {
    expect(errorsOf("Hi {{|there}}")[0]?.message).toMatch(/no name/);
  });

  it("reports names with spaces or a leading digit", () => {
    expect(errorsOf("{{first name}}")[0]?.message).toMatch(/can't be used as a placeholder name/);
    expect(errorsOf("{{1st}}")[0]).toMatchObject({ code: "template_syntax", start: 0, end: 7 });
    expect(errorsOf("{{a..b}}")).toHaveLength(1);
  });

  it("reports a placeholder nested in another as one error", () => {
    const errors = errorsOf("Hi {{ {{firstName}} }}!");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "template_syntax", start: 3, end: 22 });
    expect(errors[0]?.message).toMatch(/inside/);
  });

  it("reports a placeholder left open before the next one and still reads the next", () => {
    const errors = errorsOf("{{firstName {{lastName}}");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ start: 0, end: 12 });
  });

  it("reports stray braces inside a placeholder", () => {
    expect(errorsOf("{{{firstName}}}")[0]?.message).toMatch(/extra braces/);
  });

  it("reports every syntax error at once", () => {
    expect(errorsOf("{{}} and }} and {{bad name}}")).toHaveLength(3);
  });
});

describe("usesAppointment", () => {
  it("is true when any appointment variable is used", () => {
    const parsed = parseTemplate("See you {{appointment.time|soon}}");
    expect(parsed.ok && usesAppointment(parsed.value)).toBe(true);
  });

  it("is false for contact-only templates", () => {
    const parsed = parseTemplate("Hi {{firstName}}, {{custom.appointment}}");
    expect(parsed.ok && usesAppointment(parsed.value)).toBe(false);
  });
});
