import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { createCampaign, createCampaignSchema, getCampaignDetail, MAX_RECIPIENT_IDS, previewMessages } from "@/lib/campaigns";
import { importContactsCsv, listContacts } from "@/lib/contacts";
import type { Ctx } from "@/lib/context";
import { rowsOf } from "@/lib/db";
import { MAX_TEMPLATE_LENGTH } from "@/lib/templates";
import { describeEachDatabase } from "../../helpers/test-db";

const SQL_NAME = "Robert'); DROP TABLE contacts;--";
const SCRIPT_NAME = "<script>alert(1)</script>";
const IMG_ATTR = `"><img src=x onerror=alert(document.cookie)>`;
const SQL_ATTR = "1' OR '1'='1";
const csvCell = (v: string) => `"${v.replaceAll('"', '""')}"`;

const worker = { engine: "kokoro", modelVersion: "tiny-1", modelId: "tiny", voices: ["af_heart"], msPerAudioSecond: 100, capacity: 2, warning: null, workers: [] };

describeEachDatabase("hostile text in contacts and templates", (getDb) => {
  const ctx = (): Ctx => ({ db: getDb().db, organization: getDb().organization });

  it("stores SQL- and HTML-like names and attributes verbatim as text, with no SQL effect", async () => {
    const csv = [
      "First Name,Last Name,Phone,Note",
      [SQL_NAME, SCRIPT_NAME, "512-555-0101", IMG_ATTR].map(csvCell).join(","),
      [SCRIPT_NAME, SQL_NAME, "512-555-0102", SQL_ATTR].map(csvCell).join(","),
    ].join("\n");
    const report = await importContactsCsv(ctx(), { csv });
    expect(report.ok && report.value.created).toBe(2);

    const { items } = await listContacts(ctx(), { limit: 50, offset: 0 });
    const byPhone = Object.fromEntries(items.map((c) => [c.phone, c]));
    expect(byPhone["+15125550101"]).toMatchObject({ firstName: SQL_NAME, lastName: SCRIPT_NAME, attributes: { note: IMG_ATTR } });
    expect(byPhone["+15125550102"]).toMatchObject({ firstName: SCRIPT_NAME, lastName: SQL_NAME, attributes: { note: SQL_ATTR } });
    // Searching with the same strings finds them as text and breaks nothing.
    for (const search of [SQL_NAME, SQL_ATTR, "%' --", "\\"]) await listContacts(ctx(), { limit: 50, offset: 0, search });
    expect((await listContacts(ctx(), { limit: 50, offset: 0, search: "DROP TABLE" })).total).toBe(2);

    const tables = rowsOf<{ n: number }>(
      await getDb().db.execute(sql`select count(*)::int as n from information_schema.tables where table_name in ('contacts', 'campaigns', 'segments')`),
    );
    expect(tables[0]!.n).toBe(3);
  });

  it("merges hostile values and templates into plain text and keeps the template verbatim", async () => {
    const template = `Hi {{firstName}}<img src=x onerror=alert(1)>, note {{custom.note}}.`;
    const preview = await previewMessages(ctx(), { template, limit: 5 });
    if (!preview.ok) throw new Error(preview.error.message);
    const merged = preview.value.map((p) => p.merged).join("\n");
    expect(merged).toContain(`Hi ${SQL_NAME}<img src=x onerror=alert(1)>, note ${IMG_ATTR}.`);
    expect(merged).toContain(`Hi ${SCRIPT_NAME}<img src=x onerror=alert(1)>, note ${SQL_ATTR}.`);

    const created = await createCampaign(ctx(), { name: `${SCRIPT_NAME}'; DROP TABLE campaigns;--`, template, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, worker);
    if (!created.ok) throw new Error(created.error.message);
    const detail = await getCampaignDetail(ctx(), created.value.id);
    expect(detail).toMatchObject({ ok: true, value: { name: `${SCRIPT_NAME}'; DROP TABLE campaigns;--`, template } });
  });

  it("refuses a template over MAX_TEMPLATE_LENGTH and a selection of more than MAX_RECIPIENT_IDS ids", async () => {
    const preview = await previewMessages(ctx(), { template: "a".repeat(MAX_TEMPLATE_LENGTH + 1) });
    expect(preview.ok).toBe(false);
    if (!preview.ok) expect(preview.error.code).toBe("template_invalid");
    const ids = Array.from({ length: MAX_RECIPIENT_IDS + 1 }, () => "00000000-0000-4000-8000-000000000000");
    const parsed = createCampaignSchema.safeParse({ name: "x", template: "Hi.", voice: "af_heart", speed: 1, recipients: { mode: "contacts", contactIds: ids } });
    expect(parsed.success).toBe(false);
  });
});
