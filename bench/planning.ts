/**
 * Planning benchmark: launches a campaign of N recipients (merge, normalise, split, key, insert segments and
 * messages, link recipients: all of launchCampaign) on a fresh database and reports time and memory per
 * recipient: 10,000 and 100,000 on the embedded database, 1,000,000 on Postgres (a throwaway cluster, see
 * bench/postgres.ts). Run alone with `npm run bench -- planning`. The npm script raises
 * CAMPAIGN_MAX_RECIPIENTS to 1,000,000 for it.
 */
import v8 from "node:v8";
import vm from "node:vm";
import postgres from "postgres";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { migrateDatabase, openDatabase, type Database } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { seedContacts } from "../harness/seed";
import { assertLocalDatabaseUrl, withDatabaseName } from "../tests/helpers/postgres-admin";
import { startBenchPostgres } from "./postgres";
import { referenceContacts, REFERENCE_TEMPLATE, REFERENCE_WORKER } from "./reference-campaign";

export type PlanningRun = { recipients: number; database: "pglite" | "postgres"; ms: number; msPerRecipient: number; bytesPerRecipient: number; peakHeapMiB: number; segments: number; messages: number };

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
async function freshDatabase(postgresUrl: string | null): Promise<{ database: Database; drop(): Promise<void> }> {
  if (!postgresUrl) {
    const database = await openDatabase({ kind: "pglite" });
    return { database, drop: () => database.close() };
  }
  assertLocalDatabaseUrl(postgresUrl);
  const name = `bench_planning_${process.pid}`;
  const admin = postgres(postgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const database = await openDatabase({ kind: "postgres", url: withDatabaseName(postgresUrl, name), max: 4 });
  return {
    database,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Seeded in a function of its own, so the contact objects are garbage before the baseline is taken. */
async function seedReferenceContacts(database: Database, organizationId: string, recipients: number): Promise<void> {
  await seedContacts(database.db, organizationId, referenceContacts(recipients));
}

export async function benchPlanning(recipients: number, postgresUrl: string | null = null): Promise<PlanningRun> {
  const { database, drop } = await freshDatabase(postgresUrl);
  try {
    await migrateDatabase(database);
    const organization = await createOrganization(database.db, { name: "Bench clinic", timezone: "America/New_York" });
    await seedReferenceContacts(database, organization.id, recipients);
    const ctx = { db: database.db, organization };
    const created = await createCampaign(ctx, { name: `plan ${recipients}`, template: REFERENCE_TEMPLATE, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, REFERENCE_WORKER);
    if (!created.ok) throw new Error(created.error.message);
    collectGarbage();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    const started = performance.now();
    const launched = await launchCampaign(ctx, created.value.id, REFERENCE_WORKER);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    if (!launched.ok) throw new Error(launched.error.message);
    return {
      recipients,
      database: postgresUrl ? "postgres" : "pglite",
      ms: Math.round(ms),
      msPerRecipient: Number((ms / recipients).toFixed(4)),
      bytesPerRecipient: Math.round((peak - baseline) / recipients),
      peakHeapMiB: Number(((peak - baseline) / 2 ** 20).toFixed(1)),
      segments: launched.value.plan.distinctSegments,
      messages: launched.value.plan.distinctMessages,
    };
  } finally {
    await drop();
  }
}

/**
 * 10k and 100k on the embedded database (linearity), then 100k and 1M on Postgres: memory flat means the
 * 1M run's peak heap is about the 100k run's, not ten times it. `BENCH_PLANNING_MAX` lowers the largest run.
 */
export async function runPlanningBench(log: (msg: string) => void = () => {}) {
  await benchPlanning(2_000); // warm-up: JIT and first-use costs should not count against the 10k run
  const small = await benchPlanning(10_000);
  const large = await benchPlanning(100_000);
  const result = { small, large, linearity: Number((large.ms / (10 * small.ms)).toFixed(3)) };
  const server = await startBenchPostgres();
  if (!server) return { ...result, postgres: { skipped: "Postgres is not installed" } };
  try {
    const millionTarget = Number(process.env.BENCH_PLANNING_MAX ?? 1_000_000);
    const base = await benchPlanning(100_000, server.url);
    log(`planning: 100,000 on Postgres in ${(base.ms / 1000).toFixed(1)} s, peak heap ${base.peakHeapMiB} MiB`);
    const million = await benchPlanning(millionTarget, server.url);
    log(`planning: ${millionTarget.toLocaleString("en-US")} on Postgres in ${(million.ms / 1000).toFixed(1)} s, peak heap ${million.peakHeapMiB} MiB`);
    return {
      ...result,
      postgres: { base, million, timeRatio: Number((million.ms / base.ms).toFixed(2)), peakHeapRatio: Number((million.peakHeapMiB / Math.max(0.1, base.peakHeapMiB)).toFixed(2)), targetMs: 120_000 },
    };
  } finally {
    await server.stop();
  }
}
