/**
 * Contacts page at 50,000 contacts: the query the page runs (a page, the total and each row's next
 * appointment, through listContacts as GET /api/contacts calls it) for the first page, a deep page, the
 * newest-first order, and searches by name, phone digits and email, on PGlite and on Postgres. Reports p95
 * in ms per query. Run alone with `npm run bench -- contacts`.
 */
import { sql } from "drizzle-orm";
import { listContacts } from "@/lib/contacts";
import { createOrganization } from "@/lib/organizations";
import { seedContacts, type SeedContact } from "../../harness/seed";
import { FIRST_NAMES, PROVIDERS } from "../reference-campaign";
import { openBenchDatabase } from "./sse";

const LAST_NAMES = ["Garcia", "Smith", "Nguyen", "Okafor", "Rossi", "Kowalski", "Haddad", "Silva", "Chen", "Murphy", "Dubois", "Tanaka"];

type Query = { name: string; input: Parameters<typeof listContacts>[1] };

const QUERIES: Query[] = [
  { name: "first page, by name", input: { limit: 50, offset: 0, sort: "name" } },
  { name: "page 500, by name", input: { limit: 50, offset: 25_000, sort: "name" } },
  { name: "first page, newest first", input: { limit: 50, offset: 0, sort: "-created" } },
  { name: "search a name", input: { limit: 50, offset: 0, search: "Mari" } },
  { name: "search phone digits", input: { limit: 50, offset: 0, search: "555-0142" } },
  { name: "search an email", input: { limit: 50, offset: 0, search: "rossi.7" } },
];

function benchContacts(n: number): SeedContact[] {
  const day = Date.now() + 86_400_000;
  return Array.from({ length: n }, (_, i) => ({
    firstName: FIRST_NAMES[i % FIRST_NAMES.length]!,
    lastName: LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]!,
    phone: `+1212${String(5_550_000 + i).padStart(7, "0")}`,
    attributes: { email: `${LAST_NAMES[i % LAST_NAMES.length]!.toLowerCase()}.${i}@example.com` },
    appointment: i % 3 === 0 ? { startsAt: new Date(day + (i % 90) * 86_400_000), provider: PROVIDERS[i % PROVIDERS.length] } : undefined,
  }));
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!.toFixed(1));
}

export type ContactsBenchResult = Record<"pglite" | "postgres", { contacts: number; runs: number; p95Ms: Record<string, number> } | undefined>;

export async function benchContactsPage(options: { postgresUrl: string | null; contacts?: number; runs?: number }): Promise<ContactsBenchResult> {
  const contacts = options.contacts ?? 50_000;
  const runs = options.runs ?? 30;
  const results: ContactsBenchResult = { pglite: undefined, postgres: undefined };
  const drivers = options.postgresUrl ? (["pglite", "postgres"] as const) : (["pglite"] as const);
  let run = 0;
  for (const driver of drivers) {
    const { database, close } = await openBenchDatabase(driver, options.postgresUrl, 1_000 + ++run);
    try {
      const organization = await createOrganization(database.db, { name: "Bench clinic" });
      await seedContacts(database.db, organization.id, benchContacts(contacts));
      // Emails live in their own column; the seed helper has no email field, so move them there in one statement.
      await database.db.execute(sql`update contacts set email = attributes->>'email', attributes = '{}'::jsonb where organization_id = ${organization.id}`);
      // Another organisation's rows share the tables and indexes, as on a real server.
      const other = await createOrganization(database.db, { name: "Other clinic" });
      await seedContacts(database.db, other.id, benchContacts(5_000));
      await database.db.execute(sql`analyze`);
      const ctx = { db: database.db, organization };
      const p95Ms: Record<string, number> = {};
      for (const query of QUERIES) {
        const first = await listContacts(ctx, query.input);
        if (first.items.length === 0) throw new Error(`the bench query "${query.name}" found nothing`);
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          await listContacts(ctx, query.input);
          samples.push(performance.now() - started);
        }
        p95Ms[query.name] = p95(samples);
      }
      results[driver] = { contacts, runs, p95Ms };
    } finally {
      await close();
    }
  }
  return results;
}
