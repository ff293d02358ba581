import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import {
  importContactsCsv,
  listContacts,
  listCustomAttributeKeys,
  MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION,
  MAX_ATTRIBUTES_PER_CONTACT,
} from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { describeEachDatabase, type TestDatabase } from "../../helpers/test-db";

async function createCtx(database: TestDatabase): Promise<Ctx> {
  const organization = await createOrganization(database.db, { name: "Wide rows clinic", timezone: "America/New_York" });
  return { db: database.db, organization };
}

const phone = (n: number) => `+1512555${String(n).padStart(4, "0")}`;

/** A file with a phone column and the given custom columns; each row fills the columns it names. */
function wideCsv(columns: string[], rows: { phone: string; filled: string[] }[]): string {
  const lines = [["Phone", ...columns].join(",")];
  for (const row of rows) {
    const filled = new Set(row.filled);
    lines.push([row.phone, ...columns.map((c) => (filled.has(c) ? "v" : ""))].join(","));
  }
  return lines.join("\n");
}

const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

async function storedAttributeCount(ctx: Ctx): Promise<number> {
  const result = await ctx.db.execute(
    sql`select coalesce(max((select count(*) from jsonb_object_keys(attributes))), 0)::int as n from contacts where organization_id = ${ctx.organization.id}`,
  );
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

describeEachDatabase("custom attribute limits on import", (getDb) => {
  it("fails a row of 50,000 filled columns with its own error and imports the other rows", async () => {
    const ctx = await createCtx(getDb());
    const wide = keys("c", 50_000);
    const csv = wideCsv(wide, [
      { phone: phone(1), filled: ["c1", "c2"] },
      { phone: phone(2), filled: wide },
      { phone: phone(3), filled: ["c3"] },
    ]);
    const result = await importContactsCsv(ctx, { csv, fileName: "wide.csv" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ rowsTotal: 3, created: 2, failed: 1 });
    expect(result.value.errors).toEqual([
      expect.objectContaining({ row: 3, message: expect.stringContaining(`at most ${MAX_ATTRIBUTES_PER_CONTACT}`) }),
    ]);
    const { items } = await listContacts(ctx, { limit: 10, offset: 0 });
    expect(items.map((c) => [c.phone, c.attributes]).sort()).toEqual([
      [phone(1), { c1: "v", c2: "v" }],
      [phone(3), { c3: "v" }],
    ]);
    expect(await listCustomAttributeKeys(ctx)).toEqual(["c1", "c2", "c3"]);
  });

  it("counts the values a contact already holds: a re-import that would pass the limit fails that row only", async () => {
    const ctx = await createCtx(getDb());
    const first = keys("a", 60);
    const second = keys("b", 60);
    const initial = await importContactsCsv(ctx, { csv: wideCsv(first, [{ phone: phone(1), filled: first }, { phone: phone(2), filled: first }]) });
    expect(initial.ok && initial.value.created).toBe(2);

    const again = await importContactsCsv(ctx, {
      csv: wideCsv([...first, ...second], [
        { phone: phone(1), filled: second },
        { phone: phone(2), filled: first.slice(0, 10) },
        { phone: phone(3), filled: second },
      ]),
    });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value).toMatchObject({ created: 1, updated: 1, failed: 1 });
    expect(again.value.errors).toEqual([expect.objectContaining({ row: 2, message: expect.stringContaining("would hold 120 custom values") })]);
    expect(await storedAttributeCount(ctx)).toBe(60);
  });

  it("stops at the organisation's limit of distinct keys, row by row, and keeps rows that add no new key", async () => {
    const ctx = await createCtx(getDb());
    const perRow = MAX_ATTRIBUTES_PER_CONTACT;
    const rowsToFill = MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION / perRow;
    const columns = keys("k", MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION + 1);
    const rows = Array.from({ length: rowsToFill }, (_, r) => ({ phone: phone(r + 1), filled: columns.slice(r * perRow, (r + 1) * perRow) }));
    rows.push({ phone: phone(100), filled: [columns.at(-1)!] });
    rows.push({ phone: phone(101), filled: ["k0", "k1"] });
    const result = await importContactsCsv(ctx, { csv: wideCsv(columns, rows) });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ created: rowsToFill + 1, failed: 1 });
    expect(result.value.errors).toEqual([
      expect.objectContaining({ row: rowsToFill + 2, message: expect.stringContaining(`${MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION} of the ${MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION} custom columns`) }),
    ]);
    expect(result.value.customAttributes).not.toContain(columns.at(-1));
    expect(await listCustomAttributeKeys(ctx)).toHaveLength(MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION);

    const later = await importContactsCsv(ctx, { csv: wideCsv(["brandNew"], [{ phone: phone(200), filled: ["brandNew"] }]) });
    expect(later.ok).toBe(false);
    expect(await listCustomAttributeKeys(ctx)).toHaveLength(MAX_ATTRIBUTE_KEYS_PER_ORGANIZATION);
  });

  it("cuts a very long header's key to 64 characters", async () => {
    const ctx = await createCtx(getDb());
    const header = "x".repeat(1_500);
    const result = await importContactsCsv(ctx, { csv: `Phone,${header}\n${phone(1)},v` });
    expect(result.ok).toBe(true);
    expect(await listCustomAttributeKeys(ctx)).toEqual(["x".repeat(64)]);
  });
});
