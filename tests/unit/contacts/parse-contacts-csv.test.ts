import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CSV_BYTES, parseContactsCsv, splitFullName } from "@/lib/contacts";
import { detectDelimiter } from "@/lib/contacts/csv";

const parse = (csv: string | Buffer) => parseContactsCsv(csv, { defaultTimezone: "America/New_York" });

describe("contacts CSV parsing", () => {
  it("splits a full name when there are no separate name columns", () => {
    expect(splitFullName("Maria Garcia")).toEqual(["Maria", "Garcia"]);
    expect(splitFullName("Garcia, Maria")).toEqual(["Maria", "Garcia"]);
    expect(splitFullName("Mary Ann Smith")).toEqual(["Mary Ann", "Smith"]);
    expect(splitFullName("Cher")).toEqual(["Cher", null]);
  });

  it("prefers separate first/last name columns over a full name column", () => {
    const result = parse("Name,First Name,Last Name,Phone\nM. Garcia,Maria,Garcia,512-555-0100\nJohn Smith,,,512-555-0101\n");
    expect(result.ok && result.value.contacts.map((c) => [c.firstName, c.lastName])).toEqual([["Maria", "Garcia"], ["John", "Smith"]]);
  });

  it("reads Windows-1252 bytes (Excel's ANSI CSV) without mangling accents", () => {
    const bytes = Buffer.from([...Buffer.from("Name,Phone\nJos"), 0xe9, ...Buffer.from(" Pe"), 0xf1, ...Buffer.from("a,512-555-0100\n")]);
    const result = parse(bytes);
    expect(result.ok && result.value.contacts[0]?.firstName).toBe("José");
    expect(result.ok && result.value.contacts[0]?.lastName).toBe("Peña");
  });

  it("reads UTF-16 files with a byte-order mark", () => {
    const result = parse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Name\tPhone\r\nZoë Ng\t512-555-0100\r\n", "utf16le")]));
    expect(result.ok && result.value.contacts[0]?.firstName).toBe("Zoë");
  });

  it("reports an unclosed quote as a row error instead of importing garbage", () => {
    const result = parse('Name,Phone\nMaria,512-555-0100\n"John,512-555-0101\nAna,512-555-0102\n');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.contacts).toHaveLength(1);
      expect(result.value.errors[0]?.message).toContain("Row 3: a quote");
    }
  });

  it("refuses a file over the size limit before reading it", () => {
    const result = parse(Buffer.alloc(MAX_CSV_BYTES + 1, 0x41));
    expect(result).toMatchObject({ ok: false, error: { code: "csv_invalid", message: expect.stringContaining("the limit is 5.0 MB") } });
  });

  it("never throws on arbitrary text or bytes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array().map((b) => Buffer.from(b))), (csv) => {
        const result = parse(csv);
        expect(typeof result.ok).toBe("boolean");
      }),
      { numRuns: 1_000 },
    );
  });

  it("never throws when a phone column exists and the cells are arbitrary", () => {
    const cell = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom("512-555-0100", "3/3/2026 2:30 PM", "America/Chicago", '"', "\r\n"));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 10 }), fc.constantFrom(",", ";", "\t"), (rows, delimiter) => {
        const csv = ["Phone,Name,TZ,Appointment,ID,Notes".replaceAll(",", delimiter), ...rows.map((r) => r.join(delimiter))].join("\n");
        const result = parse(csv);
        if (result.ok) {
          for (const e of result.value.errors) expect(e.message).toMatch(/^Row \d+: /);
          for (const c of result.value.contacts) expect(c.phone).toMatch(/^\+\d{8,15}$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("delimiter detection", () => {
  it.each([
    ["Name,Phone\nA;B,1", ","],
    ["Name;Phone;Notes\n", ";"],
    ["Name\tPhone\r\nZoë\t1\r\n", "\t"],
    ['"Last, First";Phone\n', ";"],
    ["\n\nPhone\n", ","],
  ])("picks the header line's delimiter in %j", (csv, delimiter) => {
    expect(detectDelimiter(csv)).toBe(delimiter);
  });
});
