import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";

/**
 * One owner per table: only the owning lib/ folder reads or writes a table, by its Drizzle name (imported from
 * drizzle/schema) or its SQL name (after from / join / into / update / using / truncate in any SQL text).
 * Other domains, the top-level lib/ files and app/ go through the owner's functions, or embed a fragment the
 * owner writes. Every table found in drizzle/schema/* must be listed here.
 */
const OWNERS: Record<string, string[]> = {
  "lib/auth": ["users", "sessions", "accounts", "verifications"],
  "lib/organizations": ["organizations", "memberships"],
  "lib/contacts": ["contacts", "appointments", "contact_imports", "contact_lists", "contact_list_members", "do_not_call", "do_not_call_batches", "import_mappings"],
  "lib/campaigns": ["campaigns", "campaign_recipients", "campaign_segments", "campaign_events"],
  "lib/renders": ["segments", "segment_audio", "messages", "message_segments"],
  "lib/previews": ["preview_links", "preview_link_opens"],
  "lib/rate-limits": ["rate_limits"],
  "lib/schedules": ["schedules", "schedule_runs"],
  "lib/webhooks": ["webhook_endpoints", "webhook_events", "webhook_deliveries", "webhook_attempts"],
  "lib/api-keys": ["api_keys", "api_key_events"],
  "lib/voices": ["voice_mixes"],
  "lib/lexicon": ["pronunciations"],
  "lib/speech-check": ["speech_checks"],
  "lib/jobs": ["jobs"],
  "lib/calls": ["carrier_settings", "call_deliveries", "call_attempts", "call_callbacks", "call_answer_messages"],
};

/**
 * The only uses of a table outside its owner, each with its reason. Keep this short: a new entry needs a
 * reason that moving the statement behind the owner's functions cannot meet.
 */
const ALLOWED: { file: string; table: string; reason: string }[] = [
  // Listing keys and endpoints shows who created each: a left join on users' name and email in the same
  // read. The users table is better-auth's, whose columns the auth library fixes.
  { file: "lib/api-keys/queries.ts", table: "users", reason: "creator name and email in the key list" },
  { file: "lib/webhooks/queries.ts", table: "users", reason: "creator name and email in the endpoint list" },
  { file: "lib/contacts/queries.ts", table: "users", reason: "who put each number on the do-not-call list" },
  // Members are better-auth users with a membership: adding, listing, changing and removing one writes
  // users, accounts and memberships in one transaction.
  { file: "lib/auth/members.ts", table: "memberships", reason: "member management spans users and memberships in one transaction" },
];

const root = path.resolve(import.meta.dirname, "../../..");
const schemaDir = path.join(root, "drizzle/schema");

/** Every pgTable the schema files export, by export (Drizzle) name and SQL name, found by importing each file. */
async function declaredTables(): Promise<{ file: string; drizzle: string; sql: string }[]> {
  const tables: { file: string; drizzle: string; sql: string }[] = [];
  // index.ts only re-exports the others; a table it did not re-export is still found in its own file.
  for (const name of readdirSync(schemaDir).filter((f) => f.endsWith(".ts") && f !== "index.ts").sort()) {
    const exports = (await import(path.join(schemaDir, name))) as Record<string, unknown>;
    for (const [drizzle, value] of Object.entries(exports)) {
      if (is(value, PgTable)) tables.push({ file: `drizzle/schema/${name}`, drizzle, sql: getTableName(value) });
    }
  }
  return tables;
}

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

/** Table names used in SQL text: `from x`, `join x`, `into x`, `update x`, `using x`, `truncate x`. */
function sqlTables(code: string): string[] {
  return [...code.matchAll(/\b(?:from|join|into|update|using|truncate)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!.toLowerCase());
}

type Table = { drizzle: string; sql: string; owner: string };

/** Every place a table is used outside its owning folder and the allowances: "file: table". */
export function findForeignTableUse(tables: Table[], files: { path: string; code: string }[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const code = stripComments(file.code);
    const imported = new Set(schemaImports(code));
    const inSql = new Set(sqlTables(code));
    for (const table of tables) {
      if (file.path.startsWith(`${table.owner}/`)) continue;
      if (ALLOWED.some((a) => a.file === file.path && a.table === table.sql)) continue;
      if (imported.has(table.drizzle)) found.push(`${file.path}: ${table.drizzle} (Drizzle)`);
      if (inSql.has(table.sql)) found.push(`${file.path}: ${table.sql} (SQL)`);
    }
  }
  return found;
}

function ownerOf(sqlName: string): string | undefined {
  return Object.entries(OWNERS).find(([, tables]) => tables.includes(sqlName))?.[0];
}

const declared = await declaredTables();
const owned: Table[] = declared.flatMap((t) => {
  const owner = ownerOf(t.sql);
  return owner ? [{ drizzle: t.drizzle, sql: t.sql, owner }] : [];
});
const read = (p: string) => ({ path: p, code: readFileSync(path.join(root, p), "utf8") });

describe("table ownership", () => {
  it("finds every pgTable of every schema file", () => {
    const files = readdirSync(schemaDir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    // The same count by reading the text, so an import that missed a file would show.
    const written = files.flatMap((f) => [...readFileSync(path.join(schemaDir, f), "utf8").matchAll(/=\s*pgTable\(\s*"([a-z_]+)"/g)].map((m) => m[1]!));
    expect(declared.map((t) => t.sql).sort()).toEqual([...written].sort());
    const withTables = files.filter((f) => readFileSync(path.join(schemaDir, f), "utf8").includes("pgTable("));
    expect(new Set(declared.map((t) => t.file))).toEqual(new Set(withTables.map((f) => `drizzle/schema/${f}`)));
    expect(withTables.length).toBeGreaterThanOrEqual(13);
  });

  it("gives every table an owner that is a lib/ folder", () => {
    expect(declared.filter((t) => ownerOf(t.sql) === undefined).map((t) => `${t.file}: ${t.sql}`)).toEqual([]);
    for (const owner of Object.keys(OWNERS)) {
      expect(existsSync(path.join(root, owner)) && statSync(path.join(root, owner)).isDirectory(), `${owner} is a folder`).toBe(true);
    }
    const listed = Object.values(OWNERS).flat();
    expect(listed.filter((t) => !declared.some((d) => d.sql === t)), "owners list no table that is gone").toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it("reads and writes each table only inside the folder that owns it", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("app")].map(read);
    expect(findForeignTableUse(owned, files)).toEqual([]);
  });

  it("has an allowance only for a use that exists", () => {
    for (const allowance of ALLOWED) {
      const code = stripComments(read(allowance.file).code);
      const table = owned.find((t) => t.sql === allowance.table)!;
      expect(schemaImports(code).includes(table.drizzle) || sqlTables(code).includes(table.sql), `${allowance.file} uses ${allowance.table}`).toBe(true);
    }
  });

  it("catches a foreign table in Drizzle and in raw SQL, and leaves prose and the owner alone", () => {
    const found = findForeignTableUse(owned, [
      { path: "lib/previews/x.ts", code: 'import { campaigns, previewLinks } from "@/drizzle/schema";' },
      { path: "lib/campaigns/y.ts", code: "await tx.execute(sql`update segments set status = 'queued' where key in (select segment_key from campaign_segments)`);" },
      { path: "lib/campaigns/z.ts", code: "// copies the audio from segments\nawait db.insert(campaignEvents).values(row);" },
      { path: "lib/renders/w.ts", code: "await db.execute(sql`select * from segments join message_segments ms on true`);" },
      { path: "lib/campaigns/v.ts", code: "await db.execute(sql`delete from campaign_recipients cr using contacts c where c.id = cr.contact_id`);" },
      { path: "lib/dispatcher.ts", code: 'import { users } from "@/drizzle/schema";' },
      { path: "lib/api-keys/queries.ts", code: 'import { users } from "@/drizzle/schema";' },
      { path: "lib/api-keys/service.ts", code: 'import { users } from "@/drizzle/schema";' },
    ]);
    expect(found).toEqual([
      "lib/previews/x.ts: campaigns (Drizzle)",
      "lib/campaigns/y.ts: segments (SQL)",
      "lib/campaigns/v.ts: contacts (SQL)",
      "lib/dispatcher.ts: users (Drizzle)",
      "lib/api-keys/service.ts: users (Drizzle)",
    ]);
  });
});
