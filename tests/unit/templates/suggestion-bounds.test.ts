import leven from "leven";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_SUGGESTED_NAME_CHARS, MAX_SUGGESTED_PLACEHOLDERS, validateTemplate, type TemplateError } from "@/lib/templates";

vi.mock("leven", async (importOriginal) => {
  const original = await importOriginal<typeof import("leven")>();
  return { default: vi.fn(original.default) };
});

function errorsOf(source: string, customAttributes: string[]): TemplateError[] {
  const result = validateTemplate(source, { customAttributes, maxLength: Number.MAX_SAFE_INTEGER });
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return result.error;
}

const manyKeys = Array.from({ length: 5_000 }, (_, i) => `field_${i}_${"q".repeat(i % 40)}`);

describe("the did-you-mean of unknown placeholders is bounded", () => {
  beforeEach(() => vi.mocked(leven).mockClear());

  it("looks for no suggestion for a name longer than the limit, though one letter away from a key", () => {
    const key = "a".repeat(MAX_SUGGESTED_NAME_CHARS + 10);
    const near = `${"a".repeat(MAX_SUGGESTED_NAME_CHARS + 9)}b`;
    const [error] = errorsOf(`{{custom.${near}}}`, [key]);
    expect(error).toMatchObject({ code: "unknown_variable" });
    expect(error?.suggestion).toBeUndefined();
    expect(leven).not.toHaveBeenCalled();

    const short = `{{custom.${"a".repeat(20)}b}}`;
    expect(errorsOf(short, ["a".repeat(21)])[0]?.suggestion).toBe(`{{custom.${"a".repeat(21)}}}`);
  });

  it("suggests for the first unknown placeholders only and still marks every one", () => {
    const count = MAX_SUGGESTED_PLACEHOLDERS + 780;
    const source = Array.from({ length: count }, (_, i) => `{{custom.field_${i}_x}}`).join(" ");
    const errors = errorsOf(source, manyKeys);
    expect(errors).toHaveLength(count);
    expect(errors.every((e) => e.code === "unknown_variable")).toBe(true);
    expect(errors.filter((e) => e.suggestion !== undefined)).toHaveLength(MAX_SUGGESTED_PLACEHOLDERS);
    expect(errors[0]?.suggestion).toBe("{{custom.field_0_}}");
    expect(errors.at(-1)?.message).toContain("Pick one from the list of variables.");
  });

  it("bounds every edit distance by the best distance allowed so far", () => {
    const errors = errorsOf("{{custom.field_7_qqqqqqz}}", manyKeys);
    expect(errors[0]?.suggestion).toBe("{{custom.field_7_qqqqqqq}}");
    const calls = vi.mocked(leven).mock.calls;
    expect(calls.length).toBeGreaterThan(0);
    const allowed = Math.floor("custom.field_7_qqqqqqz".length / 3) + 1;
    for (const [, , options] of calls) {
      expect(options?.maxDistance).toBeGreaterThan(0);
      expect(options?.maxDistance).toBeLessThanOrEqual(allowed);
    }
  });
});
