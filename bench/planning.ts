/**
 * Planning benchmark: plans, then launches, a campaign of N recipients (merge, normalise, split, key, insert
 * segments and messages, link recipients: all of launchCampaign) on a fresh database and reports time and
 * memory per recipient of both, and the launch's statements by kind: 10,000 and 100,000 on the embedded
 * database, 100,000 and 1,000,000 on Postgres (a throwaway cluster, see bench/postgres.ts). Run alone with `npm run bench -- planning`. The npm script raises
 * CAMPAIGN_MAX_RECIPIENTS to 1,000,000 for it.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createCampaign, launchCampaign, planCampaign } from "@/lib/campaigns";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import type { QueryObserver } from "@/lib/db/client";
import { createOrganization } from "@/lib/organizations";
import { seedContacts } from "../harness/seed";
import { assertLocalDatabaseUrl, withDatabaseName } from "../harness/postgres-admin";
import { startBenchPostgres } from "./postgres";
import { FIRST_NAMES, PROVIDERS, referenceContacts, referenceSlots, REFERENCE_TEMPLATE, REFERENCE_WORKER } from "./reference-campaign";

/** Statements of one kind during a launch: how many, and the time from each to the next (its own and the JS after it). */
export type StatementProfile = Record<string, { count: number; ms: number }>;

export type PlanningRun = {
  recipients: number;
  database: "pglite" | "postgres";
  ms: number;
  msPerRecipient: number;
  bytesPerRecipient: number;
  peakHeapMiB: number;
  segments: number;
  messages: number;
  /** planCampaign on the same draft, before the launch. */
  plan: { ms: number; msPerRecipient: number; bytesPerRecipient: number; peakHeapMiB: number };
  statements: StatementProfile;
};

/** What a statement does to which table, e.g. "update campaign_recipients" or "fetch". */
function statementKind(query: string): string {
  const words = query.trim().replace(/"/g, "").split(/\s+/);
  const verb = words[0]!.toLowerCase();
  if (verb === "insert" || verb === "delete") return `${verb} ${words[2]}`;
  if (verb === "update") return `update ${words[1]}`;
  if (verb === "select") return `select ${words[words.findIndex((w) => w.toLowerCase() === "from") + 1] ?? ""}`.trim();
  return verb;
}

/** Attributes the time between consecutive statements to the first of them (a launch sends one at a time). */
function statementProfiler(): { observe: QueryObserver; start(): void; stop(): StatementProfile } {
  const profile: StatementProfile = {};
  let last: { kind: string; at: number } | null = null;
  let on = false;
  const close = (now: number) => {
    if (last) profile[last.kind]!.ms += now - last.at;
    last = null;
  };
  return {
    observe(query) {
      if (!on) return;
      const now = performance.now();
      close(now);
      const kind = statementKind(query);
      profile[kind] ??= { count: 0, ms: 0 };
      profile[kind].count++;
      last = { kind, at: now };
    },
    start() {
      on = true;
    },
    stop() {
      close(performance.now());
      on = false;
      for (const entry of Object.values(profile)) entry.ms = Math.round(entry.ms);
      return profile;
    },
  };
}

/** Time and peak heap above a post-GC baseline while `work` runs (the heap sampled every 5 ms). */
async function measureHeap<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakBytes: number }> {
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, peakBytes: Math.max(peak, process.memoryUsage().heapUsed) - baseline };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * A full garbage collection, so the baseline holds no garbage from setup (without one, a collection during
 * the run could leave the peak below a baseline full of garbage and report 0). `npm run bench` runs without
 * --expose-gc, so expose it here.
 */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

/** A fresh database: embedded, or a new one on the Postgres server at `postgresUrl`, dropped afterwards. */
async function freshDatabase(postgresUrl: string | null, onQuery: QueryObserver): Promise<{ database: Database; drop(): Promise<void> }> {
  if (!postgresUrl) {
    const database = await openDatabase({ kind: "pglite", onQuery });
    return { database, drop: () => database.close() };
  }
  assertLocalDatabaseUrl(postgresUrl);
  const name = `bench_planning_${process.pid}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = await openDatabase({ kind: "postgres", url: withDatabaseName(postgresUrl, name), max: 4, onQuery });
  return {
    database,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * The reference campaign's contacts: through the app's inserts on the embedded database (in a function of
 * its own, so the contact objects are garbage before the baseline is taken); on Postgres generated by the
 * server itself, since a million rows through the client would take longer than the launch being measured.
 * Same names, slots and providers; the picks come from the row number instead of the seeded generator.
 */
async function seedReferenceContacts(database: Database, organizationId: string, recipients: number): Promise<void> {
  if (database.kind === "pglite") {
    await seedContacts(database.db, organizationId, referenceContacts(recipients));
    return;
  }
  const slots = referenceSlots().map((d) => d.toISOString());
  await database.db.execute(sql`
    with names as (select array_agg(value) as a from json_array_elements_text(${JSON.stringify(FIRST_NAMES)}::json))
    insert into contacts (organization_id, first_name, last_name, phone, attributes)
    select ${organizationId}::uuid, names.a[1 + i % ${FIRST_NAMES.length}], 'Patient' || i, '+1' || (2025550000 + i), '{}'::jsonb
    from generate_series(0, ${recipients - 1}) as i, names`);
  await database.db.execute(sql`
    with slots as (select array_agg(value::timestamptz) as a from json_array_elements_text(${JSON.stringify(slots)}::json)),
         providers as (select array_agg(value) as a from json_array_elements_text(${JSON.stringify(PROVIDERS)}::json))
    insert into appointments (contact_id, starts_at, provider)
    select c.id, slots.a[1 + (n * 7919) % ${slots.length}], providers.a[1 + (n * 104729) % ${PROVIDERS.length}]
    from (select id, substring(last_name from 8)::bigint as n from contacts where organization_id = ${organizationId}) c, slots, providers`);
}

export async function benchPlanning(recipients: number, postgresUrl: string | null = null): Promise<PlanningRun> {
  const profiler = statementProfiler();
  const { database, drop } = await freshDatabase(postgresUrl, profiler.observe);
  try {
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Bench clinic", timezone: "America/New_York" });
    await seedReferenceContacts(database, organization.id, recipients);
    const ctx = { db: database.db, organization };
    const created = await createCampaign(ctx, { name: `plan ${recipients}`, template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, REFERENCE_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    const planned = await measureHeap(() => planCampaign(ctx, created.value.id, REFERENCE_WORKER));
    if (!planned.value.ok) throw new Error(planned.value.error.message);
    profiler.start();
    const launch = await measureHeap(() => launchCampaign(ctx, created.value.id, REFERENCE_WORKER));
    const statements = profiler.stop();
    const launched = launch.value;
    if (!launched.ok) throw new Error(launched.error.message);
    const perRecipient = (m: { ms: number; peakBytes: number }) => ({
      ms: Math.round(m.ms),
      msPerRecipient: Number((m.ms / recipients).toFixed(4)),
      bytesPerRecipient: Math.round(m.peakBytes / recipients),
      peakHeapMiB: Number((m.peakBytes / 2 ** 20).toFixed(1)),
    });
    return {
      recipients,
      database: postgresUrl ? "postgres" : "pglite",
      ...perRecipient(launch),
      segments: launched.value.plan.distinctSegments,
      messages: launched.value.plan.distinctMessages,
      plan: perRecipient(planned),
      statements,
    };
  } finally {
    await drop();
  }
}

/** 10k and 100k on the embedded database: time and memory per recipient, and linearity. */
export async function runPlanningBench() {
  await benchPlanning(2_000); // warm-up: JIT and first-use costs should not count against the 10k run
  const small = await benchPlanning(10_000);
  const large = await benchPlanning(100_000);
  return { small, large, linearity: Number((large.ms / (10 * small.ms)).toFixed(3)) };
}

/**
 * 100k and 1M on Postgres: memory flat means the 1M run's peak heap is about the 100k run's, not ten times
 * it. `BENCH_PLANNING_MAX` lowers the largest run.
 */
export async function runPlanningPostgresBench(log: (msg: string) => void = () => {}) {
  const server = await startBenchPostgres();
  if (!server) return { skipped: "Postgres is not installed" };
  try {
    const largest = Number(process.env.BENCH_PLANNING_MAX ?? 1_000_000);
    const base = await benchPlanning(100_000, server.url);
    log(`planningPostgres: 100,000 in ${(base.ms / 1000).toFixed(1)} s, peak heap ${base.peakHeapMiB} MiB`);
    const million = await benchPlanning(largest, server.url);
    log(`planningPostgres: ${largest.toLocaleString("en-US")} in ${(million.ms / 1000).toFixed(1)} s, peak heap ${million.peakHeapMiB} MiB`);
    return { base, million, timeRatio: Number((million.ms / base.ms).toFixed(2)), peakHeapRatio: Number((million.peakHeapMiB / Math.max(0.1, base.peakHeapMiB)).toFixed(2)), targetMs: 120_000 };
  } finally {
    await server.stop();
  }
}
