/**
 * Scale-out on one real Postgres: M dispatcher processes (the web process's `Dispatcher` loop, each its own
 * process and connection pool) × N workers. The workers are fixed-latency stand-ins (real HTTP servers
 * speaking the worker protocol whose render sleeps, `capacity` at a time), so two cores do not cap what
 * they can do and segments/s measures the dispatch path. Each run launches a campaign of distinct
 * segments and times launch to ready; every render request is counted, so renders = segments exactly.
 * With latency 0 the workers answer at once: that is the ceiling of the dispatch path itself, timed from
 * the launch's commit to ready (planning is the planning scenario's figure) over a larger campaign, and
 * profiled: statements and round trips per segment as the dispatchers counted them, CPU ms per segment of
 * dispatchers, Postgres and the bench process (stand-in workers, launch, polling), --cpu-prof of one
 * dispatcher, pg_stat_statements and what the backends wait on.
 *
 * Needs Postgres: `bash -c 'source .ci/postgres.sh && npm run bench -- scale'` (or BENCH_DATABASE_URL).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createCampaign, launchCampaign } from "@/lib/campaigns";
import { migrateDatabase, openDatabase, rowsOf, type Database } from "@/lib/db";
import { createOrganization } from "@/lib/organizations";
import { startFakeWorker, type FakeWorker } from "../../harness/fake-worker";
import { assertLocalDatabaseUrl, withDatabaseName } from "../../harness/postgres-admin";
import { seedContacts } from "../../harness/seed";

const root = path.resolve(import.meta.dirname, "../..");
const LATENCY_MS = Number(process.env.BENCH_SCALE_LATENCY_MS ?? 200);
const CAPACITY = 4;
const DISPATCHERS = [1, 2, 4];
const WORKERS = [1, 2, 4, 8];
const SEGMENTS = Number(process.env.BENCH_SCALE_SEGMENTS ?? 150);
const CEILING_SEGMENTS = Number(process.env.BENCH_SCALE_CEILING_SEGMENTS ?? 1_500);
/** `BENCH_SCALE_PARTS=ceiling` skips the M × N grid (while working on the dispatch path). */
const PARTS = new Set((process.env.BENCH_SCALE_PARTS ?? "grid,ceiling").split(","));
const WORKER_INFO = { engine: "kokoro", modelVersion: "fake-1", voices: ["af_heart"], msPerAudioSecond: 100, capacity: CAPACITY };

type Run = {
  dispatchers: number;
  workers: number;
  latencyMs: number;
  segments: number;
  renders: number;
  /** Launch (planning included) to ready. */
  seconds: number;
  segmentsPerSecond: number;
  /** The launch's commit to ready: dispatch alone. */
  dispatchSeconds: number;
  dispatchSegmentsPerSecond: number;
  load1: number;
};

/** What the dispatcher processes reported when they stopped, summed. */
type DispatcherStats = { leased: number; leaseStatements: number; settleTransactions: number; statements: number };

/** Per segment: what the dispatch path asked of Postgres. A round trip is a statement, a begin or a commit. */
type Trips = { statements: number; roundTrips: number; leaseStatements: number; settleTransactions: number };

type Cpu = { dispatchersSec: number; postgresSec: number; benchSec: number };

/** user + system CPU seconds of a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

/** The postmaster and its children (backends, WAL writer…), when the cluster's data directory is known. */
function postgresPids(): number[] {
  const dataDir = process.env.PG_DATA_DIR;
  if (!dataDir) return [];
  const master = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(master);
      } catch {
        return false;
      }
    })
    .map(Number);
  return [master, ...children];
}

type DispatcherChild = { child: ChildProcess; stopped: Promise<DispatcherStats | null> };

async function startDispatcher(dbUrl: string, workerUrls: string[], profileDir: string | null): Promise<DispatcherChild> {
  const args = ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "harness/dispatcher-process.ts", "--poll-ms", "1000"];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl, WORKER_URL: workerUrls.join(","), LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "inherit"] });
  const lines = readline.createInterface({ input: child.stdout! });
  const stopped = new Promise<DispatcherStats | null>((resolve) => {
    lines.on("line", (line) => {
      // A dispatcher's errors (a failed lease or commit) are part of the result: shown, not swallowed.
      if (line.includes('"level":"error"')) process.stderr.write(`dispatcher ${child.pid}: ${line}\n`);
      if (!line.includes('"dispatcher stopped"')) return;
      const { stats, statements } = JSON.parse(line) as { stats: Omit<DispatcherStats, "statements">; statements: number };
      resolve({ leased: stats.leased, leaseStatements: stats.leaseStatements, settleTransactions: stats.settleTransactions, statements });
    });
    child.once("exit", () => resolve(null));
  });
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.includes('"dispatcher started"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`dispatcher exited with ${code} before starting`)));
  });
  return { child, stopped };
}

async function stopDispatcher({ child, stopped }: DispatcherChild): Promise<DispatcherStats | null> {
  if (child.exitCode !== null) return null;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  return stopped;
}

/**
 * What Postgres backends of the benchmark database are doing, sampled every 50 ms until stopped: active on
 * CPU (no wait event), waiting for a lock (the campaign row progress locks), or idle waiting for the client
 * (ClientRead: the dispatcher process has not sent the next statement yet). Plus commits per segment.
 */
function sampleBackends(database: Database) {
  const states = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = rowsOf<{ state: string; n: number }>(
        await database.db.execute(sql`
          select case when state = 'active' and wait_event is null then 'active (CPU)'
                      when state = 'active' then wait_event_type || ':' || wait_event
                      else state || coalesce(' (' || wait_event || ')', '') end as state, count(*)::int as n
          from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
          group by 1`),
      );
      for (const r of rows) states.set(r.state, (states.get(r.state) ?? 0) + r.n);
      samples++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return Object.fromEntries([...states.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round(v / Math.max(1, samples), 2)]));
  };
}

/**
 * pg_stat_statements on the throwaway cluster of .ci/postgres.sh (PG_BIN and PG_DATA_DIR set): the library
 * must be preloaded, so it is added to the cluster's settings and the cluster restarted once. False on any
 * other server, which is left as it is.
 */
async function enableStatementStats(admin: postgres.Sql): Promise<boolean> {
  const bin = process.env.PG_BIN;
  const dataDir = process.env.PG_DATA_DIR;
  if (!bin || !dataDir) return false;
  const [row] = await admin`select current_setting('shared_preload_libraries') as libs`;
  if (!String(row!.libs).includes("pg_stat_statements")) {
    await admin`alter system set shared_preload_libraries = 'pg_stat_statements'`;
    const asOwner = process.getuid?.() === 0 ? ["su", "postgres", "-s", "/bin/bash", "-c"] : ["bash", "-c"];
    await new Promise<void>((resolve, reject) => {
      const restart = spawn(asOwner[0]!, [...asOwner.slice(1), `${bin}/pg_ctl -D '${dataDir}' -w -m fast restart`], { stdio: "ignore" });
      restart.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
    });
  }
  return true;
}

type StatementStats = { query: string; callsPerSegment: number; msPerSegment: number; shareOfTime: number }[];

/** The statements of the benchmark database that took the most time since the last reset, per segment. */
async function topStatements(database: Database, segments: number): Promise<StatementStats> {
  const rows = rowsOf<{ query: string; calls: number; ms: number; total: number }>(
    await database.db.execute(sql`
      select regexp_replace(query, '[[:space:]]+', ' ', 'g') as query, calls::float, total_exec_time as ms, sum(total_exec_time) over () as total
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit 8`),
  );
  return rows.map((r) => ({ query: r.query.slice(0, 140), callsPerSegment: round(r.calls / segments, 2), msPerSegment: round(r.ms / segments, 3), shareOfTime: round(r.ms / Number(r.total), 3) }));
}

async function commits(database: Database): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`select xact_commit::float as n from pg_stat_database where datname = current_database()`));
  return row!.n;
}

async function runOnce(database: Database, dbUrl: string, workers: FakeWorker[], m: number, n: number, latencyMs: number, segments: number, index: number, profileDir: string | null, statementStats = false) {
  const organization = await createOrganization(database.db, { name: `Scale ${index}`, timezone: "America/New_York" });
  await seedContacts(database.db, organization.id, Array.from({ length: segments }, (_, i) => ({ firstName: "Sam", lastName: `Patient${i}` })));
  const ctx = { db: database.db, organization };
  // One sentence per recipient, new in every run: every recipient is one distinct segment.
  const template = `Reminder ${index} for {{lastName}}.`;
  const created = await createCampaign(ctx, { name: `scale ${m}x${n}`, template, voice: "af_heart", speed: 1, recipients: { mode: "all" } }, WORKER_INFO);
  if (!created.ok) throw new Error(created.error.message);
  const used = workers.slice(0, n);
  const before = used.map((w) => w.requests.length);
  const dispatchers = await Promise.all(Array.from({ length: m }, (_, i) => startDispatcher(dbUrl, used.map((w) => w.url), i === 0 ? profileDir : null)));
  const pids = dispatchers.map((d) => d.child.pid!);
  const pgPids = postgresPids();
  const cpuBefore: Cpu = { dispatchersSec: sum(pids.map(cpuSeconds)), postgresSec: sum(pgPids.map(cpuSeconds)), benchSec: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 };
  const commitsBefore = await commits(database);
  if (statementStats) await database.db.execute(sql`select pg_stat_statements_reset()`);
  const stopSampling = latencyMs === 0 ? sampleBackends(database) : null;
  const started = performance.now();
  const launched = await launchCampaign(ctx, created.value.id, WORKER_INFO);
  if (!launched.ok) throw new Error(launched.error.message);
  const dispatchStarted = performance.now();
  for (;;) {
    const [row] = rowsOf<{ status: string }>(await database.db.execute(sql`select status from campaigns where id = ${created.value.id}`));
    if (row?.status !== "rendering") break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = (performance.now() - started) / 1000;
  const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;
  /** Average number of backends in each state at any instant while the campaign rendered. */
  const backends = stopSampling ? await stopSampling() : null;
  const commitsPerSegment = round((await commits(database)) - commitsBefore) / segments;
  const statements = statementStats ? await topStatements(database, segments) : null;
  const cpu: Cpu = {
    dispatchersSec: round(sum(pids.map(cpuSeconds)) - cpuBefore.dispatchersSec),
    postgresSec: round(sum(pgPids.map(cpuSeconds)) - cpuBefore.postgresSec),
    benchSec: round(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 - cpuBefore.benchSec),
  };
  const reports = await Promise.all(dispatchers.map(stopDispatcher));
  const perSegment = (pick: (r: DispatcherStats) => number) => round(sum(reports.map((r) => (r ? pick(r) : 0))) / segments, 2);
  const trips: Trips = {
    statements: perSegment((r) => r.statements),
    roundTrips: perSegment((r) => r.statements + 2 * r.settleTransactions),
    leaseStatements: perSegment((r) => r.leaseStatements),
    settleTransactions: perSegment((r) => r.settleTransactions),
  };
  const renders = sum(used.map((w, i) => w.requests.length - before[i]!));
  const [done] = rowsOf<{ n: number }>(
    await database.db.execute(sql`select count(*)::int as n from campaign_segments cs join segments s on s.key = cs.segment_key where cs.campaign_id = ${created.value.id} and s.status = 'done'`),
  );
  if (done!.n !== segments || renders !== segments) throw new Error(`scale ${m}×${n}: ${renders} renders and ${done!.n} done for ${segments} segments`);
  const run: Run = {
    dispatchers: m,
    workers: n,
    latencyMs,
    segments,
    renders,
    seconds: round(seconds),
    segmentsPerSecond: round(segments / seconds, 1),
    dispatchSeconds: round(dispatchSeconds),
    dispatchSegmentsPerSecond: round(segments / dispatchSeconds, 1),
    load1: round(os.loadavg()[0]!),
  };
  return { run, cpu, backends, commitsPerSegment: round(commitsPerSegment, 1), statements, trips };
}

/** Self time per function and per package in a .cpuprofile, top entries first. */
function summarizeProfile(file: string) {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (!n) continue;
    const { functionName, url } = node.callFrame;
    const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
    const area = pkg ?? (url.includes("/lib/") ? `lib/${url.split("/lib/")[1]!.split("/")[0]}` : url.startsWith("node:") ? "node internals" : url ? "other" : `(${functionName || "native"})`);
    byArea.set(area, (byArea.get(area) ?? 0) + n);
    const name = `${functionName || "(anonymous)"} ${url ? path.basename(url) : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + n);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, n]) => ({ name, share: round(n / total, 3) }));
  return { samples: total, byArea: top(byArea, 8), byFunction: top(byFunction, 10) };
}

export async function benchScale(log: (msg: string) => void = () => {}) {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!baseUrl) return { skipped: "needs Postgres: bash -c 'source .ci/postgres.sh && npm run bench -- scale'" };
  assertLocalDatabaseUrl(baseUrl);
  const name = `bench_scale_${process.pid}`;
  let admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const statementStats = await enableStatementStats(admin);
  if (statementStats) {
    await admin.end({ timeout: 5 });
    admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  }
  await admin.unsafe(`create database ${name}`);
  const dbUrl = withDatabaseName(baseUrl, name);
  const database = await openDatabase({ kind: "postgres", url: dbUrl, max: 4 });
  const slow: FakeWorker[] = [];
  const instant: FakeWorker[] = [];
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-scale-prof-"));
  try {
    await migrateDatabase(database);
    if (statementStats) await database.db.execute(sql`create extension if not exists pg_stat_statements`);
    for (let i = 0; i < Math.max(...WORKERS); i++) {
      slow.push(await startFakeWorker({ capacity: CAPACITY, queueBeyondCapacity: true, behave: () => ({ kind: "ok", delayMs: LATENCY_MS }) }));
      instant.push(await startFakeWorker({ capacity: CAPACITY, queueBeyondCapacity: true }));
    }
    const runs: Run[] = [];
    let index = 0;
    for (const m of PARTS.has("grid") ? DISPATCHERS : []) {
      for (const n of WORKERS) {
        const ideal = (n * CAPACITY * 1000) / LATENCY_MS;
        // The same time per run at every N: SEGMENTS per worker.
        const { run } = await runOnce(database, dbUrl, slow, m, n, LATENCY_MS, SEGMENTS * n, index++, null);
        log(`scale: ${m} dispatcher(s) × ${n} worker(s), ${LATENCY_MS} ms: ${run.dispatchSegmentsPerSecond} segments/s dispatching, ${run.segmentsPerSecond} with the launch (ideal ${ideal})`);
        runs.push(run);
      }
    }
    const ceiling: (Run & { cpu: Cpu; trips: Trips; backends: Record<string, number> | null; commitsPerSegment: number; statements: StatementStats | null })[] = [];
    let profile: ReturnType<typeof summarizeProfile> | null = null;
    for (const m of PARTS.has("ceiling") ? DISPATCHERS : []) {
      const profiled = m === 1 ? profileDir : null;
      const { run, cpu, backends, commitsPerSegment, statements, trips } = await runOnce(database, dbUrl, instant, m, Math.max(...WORKERS), 0, CEILING_SEGMENTS, index++, profiled, statementStats);
      log(
        `scale: ceiling, ${m} dispatcher(s), latency 0: ${run.dispatchSegmentsPerSecond} segments/s dispatching (${run.segmentsPerSecond} with the launch); CPU s: ${JSON.stringify(cpu)}; per segment: ${JSON.stringify(trips)}; backends: ${JSON.stringify(backends)}; commits/segment ${commitsPerSegment}`,
      );
      ceiling.push({ ...run, cpu, trips, backends, commitsPerSegment, statements });
      if (profiled) {
        const file = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
        if (file) profile = summarizeProfile(path.join(profileDir, file));
      }
    }
    // Linearity in N for each M: dispatch throughput at N over N × that at 1, for the runs below the ceiling.
    const ceilingRate = Math.max(...ceiling.map((c) => c.dispatchSegmentsPerSecond));
    const linearity = (runs.length > 0 ? DISPATCHERS : []).map((m) => {
      const mine = runs.filter((r) => r.dispatchers === m);
      const one = mine.find((r) => r.workers === 1)!.dispatchSegmentsPerSecond;
      return {
        dispatchers: m,
        byWorkers: mine.map((r) => ({ workers: r.workers, ratio: round(r.dispatchSegmentsPerSecond / (r.workers * one), 3), belowCeiling: r.workers * one < 0.9 * ceilingRate })),
      };
    });
    return { latencyMs: LATENCY_MS, capacityPerWorker: CAPACITY, postgres: "one local cluster, fsync off (.ci/postgres.sh)", runs, ceiling, ceilingSegmentsPerSecond: ceilingRate, linearity, profile };
  } finally {
    await Promise.all([...slow, ...instant].map((w) => w.close()));
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
