import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * One owner per table: only the owning folder reads or writes a table, by its Drizzle name (imported from
 * drizzle/schema) or its SQL name (after from / join / into / update in any SQL text). Other domains go
 * through the owner's functions, or embed a subquery the owner writes.
 */
const OWNERS: Record<string, { drizzle: string; sql: string }[]> = {
  "lib/renders": [
    { drizzle: "segments", sql: "segments" },
    { drizzle: "segmentAudio", sql: "segment_audio" },
    { drizzle: "messages", sql: "messages" },
    { drizzle: "messageSegments", sql: "message_segments" },
  ],
  "lib/campaigns": [
    { drizzle: "campaigns", sql: "campaigns" },
    { drizzle: "campaignRecipients", sql: "campaign_recipients" },
    { drizzle: "campaignSegments", sql: "campaign_segments" },
    { drizzle: "campaignEvents", sql: "campaign_events" },
  ],
  "lib/previews": [{ drizzle: "previewLinks", sql: "preview_links" }],
  "lib/schedules": [
    { drizzle: "schedules", sql: "schedules" },
    { drizzle: "scheduleRuns", sql: "schedule_runs" },
  ],
  "lib/webhooks": [
    { drizzle: "webhookEndpoints", sql: "webhook_endpoints" },
    { drizzle: "webhookEvents", sql: "webhook_events" },
    { drizzle: "webhookDeliveries", sql: "webhook_deliveries" },
    { drizzle: "webhookAttempts", sql: "webhook_attempts" },
  ],
  "lib/api-keys": [
    { drizzle: "apiKeys", sql: "api_keys" },
    { drizzle: "apiKeyEvents", sql: "api_key_events" },
  ],
  "lib/voices": [{ drizzle: "voiceMixes", sql: "voice_mixes" }],
  "lib/lexicon": [{ drizzle: "pronunciations", sql: "pronunciations" }],
  "lib/jobs": [{ drizzle: "jobs", sql: "jobs" }],
  "lib/calls": [
    { drizzle: "carrierSettings", sql: "carrier_settings" },
    { drizzle: "callDeliveries", sql: "call_deliveries" },
    { drizzle: "callAttempts", sql: "call_attempts" },
    { drizzle: "callCallbacks", sql: "call_callbacks" },
    { drizzle: "callAnswerMessages", sql: "call_answer_messages" },
  ],
};

const root = path.resolve(import.meta.dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative] : [];
  });
}

/** Code without comments, so prose such as "a message from campaigns" is not taken for SQL. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** The names a file imports from drizzle/schema. */
function schemaImports(code: string): string[] {
  const names: string[] = [];
  for (const match of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["']@\/drizzle\/schema(?:\/[\w-]+)?["']/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]!.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** Table names used in SQL text: `from x`, `join x`, `into x`, `update x`. */
function sqlTables(code: string): string[] {
  return [...code.matchAll(/\b(?:from|join|into|update)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!.toLowerCase());
}

/** Every place a table is used outside its owning folder: "file: table". */
export function findForeignTableUse(files: { path: string; code: string }[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const code = stripComments(file.code);
    const imported = new Set(schemaImports(code));
    const inSql = new Set(sqlTables(code));
    for (const [owner, tables] of Object.entries(OWNERS)) {
      if (file.path.startsWith(`${owner}/`)) continue;
      for (const table of tables) {
        if (imported.has(table.drizzle)) found.push(`${file.path}: ${table.drizzle} (Drizzle)`);
        if (inSql.has(table.sql)) found.push(`${file.path}: ${table.sql} (SQL)`);
      }
    }
  }
  return found;
}

const read = (p: string) => ({ path: p, code: readFileSync(path.join(root, p), "utf8") });

describe("table ownership", () => {
  it("reads and writes each table only inside the folder that owns it", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app")].map(read);
    expect(findForeignTableUse(files)).toEqual([]);
  });

  it("gives every table of the owned schema files an owner", () => {
    const owned = new Set(Object.values(OWNERS).flatMap((tables) => tables.map((t) => t.sql)));
    const declared = ["campaigns", "renders", "previews", "api-keys"].flatMap((group) =>
      [...readFileSync(path.join(root, `drizzle/schema/${group}.ts`), "utf8").matchAll(/pgTable\(\s*"([a-z_]+)"/g)].map((m) => m[1]!),
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter((table) => !owned.has(table))).toEqual([]);
  });

  it("catches a foreign table in Drizzle and in raw SQL, and leaves prose and the owner alone", () => {
    const found = findForeignTableUse([
      { path: "lib/previews/x.ts", code: 'import { campaigns, previewLinks } from "@/drizzle/schema";' },
      { path: "lib/campaigns/y.ts", code: "await tx.execute(sql`update segments set status = 'queued' where key in (select segment_key from campaign_segments)`);" },
      { path: "lib/campaigns/z.ts", code: "// copies the audio from segments\nawait db.insert(campaignEvents).values(row);" },
      { path: "lib/renders/w.ts", code: "await db.execute(sql`select * from segments join message_segments ms on true`);" },
    ]);
    expect(found).toEqual(["lib/previews/x.ts: campaigns (Drizzle)", "lib/campaigns/y.ts: segments (SQL)"]);
  });
});
