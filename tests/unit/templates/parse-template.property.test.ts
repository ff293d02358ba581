import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTemplate, reconstructSource, validateTemplate } from "@/lib/templates";

// Brace-heavy strings reach the parser's edge cases far more often than uniform random text.
const templateLike = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom("{{", "}}", "{", "}", "|", " ", ".", "firstName", "appointment.time", "custom.plan", "bad name", "\n"),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join("")),
);

describe("parseTemplate properties", () => {
  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(templateLike, (source) => {
        parseTemplate(source);
        validateTemplate(source, { customAttributes: ["plan"] });
      }),
      { numRuns: 3000 },
    );
  });

  it("reconstructs the source exactly from the parts it returns", () => {
    fc.assert(
      fc.property(templateLike, (source) => {
        const result = parseTemplate(source);
        if (result.ok) expect(reconstructSource(result.value)).toBe(source);
      }),
      { numRuns: 3000 },
    );
  });

  it("places every variable and every error inside the source", () => {
    fc.assert(
      fc.property(templateLike, (source) => {
        const result = parseTemplate(source);
        const spans = result.ok
          ? result.value.parts.flatMap((p) => (p.kind === "variable" ? [p] : []))
          : result.error;
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(source.length);
          expect(span.start).toBeLessThan(span.end);
        }
        if (result.ok) {
          for (const part of result.value.parts) {
            if (part.kind === "variable") expect(source.slice(part.start, part.end)).toMatch(/^\{\{[\s\S]*\}\}$/);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips generated well-formed templates and finds each variable", () => {
    const name = fc.constantFrom("firstName", "appointment.date", "custom.plan_1", "_x");
    const piece = fc.oneof(
      fc.string({ maxLength: 8 }).filter((s) => !s.includes("{{") && !s.includes("}}") && !s.endsWith("{") && !s.startsWith("}")),
      fc.tuple(name, fc.option(fc.string({ maxLength: 6 }).filter((s) => !/[{}]/.test(s)))).map(
        ([n, fallback]) => `{{ ${n}${fallback === null ? "" : `|${fallback}`} }}`,
      ),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }).map((p) => p.join("")), (source) => {
        const result = parseTemplate(source);
        if (!result.ok) {
          // Adjacent text pieces can still form "{{" or "}}" across a boundary; those must be reported, not lost.
          expect(result.error.length).toBeGreaterThan(0);
          return;
        }
        expect(reconstructSource(result.value)).toBe(source);
      }),
      { numRuns: 2000 },
    );
  });
});
