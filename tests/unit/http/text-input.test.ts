import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { controlCharacterIn, findControlCharacter } from "@/lib/http/text-input";

const CONTROL = [...Array(32).keys()].filter((c) => ![9, 10, 13].includes(c)).concat([127, 0x80, 0x85, 0x9f]).map((c) => String.fromCharCode(c));
const control = fc.constantFrom(...CONTROL);
const cleanText = fc.string({ unit: "grapheme", maxLength: 30 }).map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, ""));

describe("the one rule for text inputs", () => {
  it("finds a control character anywhere in a JSON value, key or value, and names its path", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.oneof(fc.nat({ max: 5 }), fc.constantFrom("a", "name")), { minLength: 1, maxLength: 4 }), control, (base, path, c) => {
        // Put a string holding the control character at `path` (replacing whatever was there).
        const value = { root: base } as Record<string, unknown>;
        let node: Record<string | number, unknown> = value;
        for (const key of path.slice(0, -1)) node = (node[key] = typeof node[key] === "object" && node[key] !== null ? node[key] : {}) as Record<string | number, unknown>;
        node[path.at(-1)!] = `x${c}y`;
        const found = findControlCharacter(value);
        expect(found).not.toBeNull();
        expect(found!.codePoint).toBe(c.codePointAt(0));
      }),
      { seed: 25, numRuns: 300 },
    );
  });

  it("passes any text made of printable characters, tabs and line breaks", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cleanText, fc.constantFrom("\t", "\n", "\r\n", "Zoë", "Nguyễn", "😀")), { maxLength: 10 }), (parts) => {
        const text = parts.join("");
        expect(controlCharacterIn(text)).toBeNull();
        expect(findControlCharacter({ [text]: [text, { text }] })).toBeNull();
      }),
      { seed: 25, numRuns: 300 },
    );
  });

  it("reports the first path it meets, and keys as the object that holds them", () => {
    expect(findControlCharacter({ name: "ok", recipients: { contactIds: ["a", "b\u0000"] } })).toEqual({ path: ["recipients", "contactIds", 1], codePoint: 0 });
    expect(findControlCharacter({ "bad\u001b": 1 })).toEqual({ path: [], codePoint: 0x1b });
    expect(findControlCharacter(new URLSearchParams("search=%00"), ["query"])).toEqual({ path: ["query", "search"], codePoint: 0 });
  });

  it("walks a body nested 100,000 deep without a stack overflow", () => {
    const depth = 100_000;
    const deep = JSON.parse(`${"[".repeat(depth)}"\\u0007"${"]".repeat(depth)}`) as unknown;
    expect(findControlCharacter(deep)?.codePoint).toBe(7);
  });
});

vi.mock("@/lib/http/session", async (original) => ({
  ...(await original<typeof import("@/lib/http/session")>()),
  getAppContext: vi.fn(async () => {
    throw new Error("the session must not be read for refused text");
  }),
}));

// A signed-in member of staff: the caller is checked before the input (lib/http/action.ts).
vi.mock("@/lib/http/session", async (original) => ({
  ...(await original<typeof import("@/lib/http/session")>()),
  getAppContext: async () => ({ actor: { kind: "user", user: { id: "u1", role: "staff" } }, organization: { id: "o1" } }),
}));

describe("server actions", () => {
  it("refuse text with a control character before anything runs, naming the field", async () => {
    const { action } = await import("@/lib/http/action");
    const call = vi.fn();
    const result = await action(z.object({ name: z.string() }), { name: "Mon\u0000day" }, call);
    expect(result).toEqual({ ok: false, error: { code: "validation_failed", message: "name: remove the control character U+0000; text may hold tabs and line breaks but no other control characters." } });
    expect(call).not.toHaveBeenCalled();
  });
});
