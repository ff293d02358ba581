/**
 * `npm run bench`: every scenario against real processes (a real worker, a real database, the lib
 * use-cases the web app runs), printed as a table and written to bench/results/latest.json, with the chart in
 * docs/benchmark-chart.svg and the numbers in docs/benchmarks.md. `npm run bench -- planning sse` runs a subset.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderChart } from "./chart";
import { fullScaleChartGroups, fullScaleDocLines, type FullScaleResults } from "./full-scale-report";
import { chooseBenchModel } from "./model";
import { runPlanningBench } from "./planning";
import { benchDedupe, benchEndToEnd } from "./scenarios/campaign";
import { benchContactsPage } from "./scenarios/contacts";
import { benchEta } from "./scenarios/eta";
import { benchScale } from "./scenarios/scale";
import { startBenchPostgres } from "./postgres";
import { benchSse, benchSseFanOut } from "./scenarios/sse";
import { benchStreaming } from "./scenarios/streaming";
import { benchKeepAlive, benchWorkerThroughput } from "./scenarios/worker";

const root = path.resolve(import.meta.dirname, "..");
const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);
const started = performance.now();
const log = (msg: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

// `npm run bench -- --redraw`: rebuild the chart and the doc table from bench/results/latest.json only.
if (process.argv.includes("--redraw")) {
  const latest = JSON.parse(fs.readFileSync(path.join(root, "bench/results/latest.json"), "utf8"));
  foldInPartialRuns(latest);
  writeChart(latest);
  updateDoc(latest);
  log("redrew docs/benchmark-chart.svg and docs/benchmarks.md from bench/results/latest.json");
  process.exit(0);
}

/**
 * Full-scale figures measured by a subset run (`npm run bench -- scale`) and missing from latest.json are
 * drawn from their partial-*.json, each keeping the time and load of its own run.
 */
function foldInPartialRuns(latest: Record<string, unknown>): void {
  const dir = path.join(root, "bench/results");
  for (const file of fs.readdirSync(dir).filter((f) => f.startsWith("partial-") && f.endsWith(".json"))) {
    const partial = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    for (const key of ["fullCampaign", "eta", "scale"]) {
      if (partial[key] && !latest[key]) latest[key] = { ...partial[key], run: { ranAt: partial.ranAt, machine: partial.machine } };
    }
  }
}

log("choosing and calibrating the model…");
const model = await chooseBenchModel();
log(`model: ${model.description}`);

const results: Record<string, unknown> = {
  ranAt: new Date().toISOString(),
  machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))) },
  model: { kind: model.kind, description: model.description, realTimeFactor: Number(model.realTimeFactor.toFixed(3)) },
};

if (want("dedupe")) {
  log("dedupe: 1,000-contact reference campaign…");
  results.dedupe = await benchDedupe(model.fastDir);
}
if (want("endToEnd") || want("overhead")) {
  const contacts = Number(process.env.BENCH_E2E_CONTACTS ?? 40);
  log(`endToEnd + overhead: ${contacts}-contact slice, seed's approach vs ours, calibrated model…`);
  Object.assign(results, await benchEndToEnd(model.dir, contacts));
}
if (want("fullCampaign") || want("eta")) {
  // A faster calibrated stand-in, so the seed's 12,009 audio-seconds finish in minutes; same worker, same code.
  const fullModel = await chooseBenchModel(Number(process.env.BENCH_FULL_RTF ?? 0.05));
  log(`fullCampaign + eta: ${fullModel.description}`);
  if (want("fullCampaign")) {
    log("fullCampaign: all 1,000 contacts, seed's approach vs ours…");
    const full = await benchEndToEnd(fullModel.dir, 1_000);
    results.fullCampaign = { realTimeFactor: Number(fullModel.realTimeFactor.toFixed(3)), ...full.endToEnd, overhead: full.overhead.ratio };
  }
  if (want("eta")) {
    log("eta: estimate at 10/25/50/75 % of the reference campaign, alone and with a second campaign half-way…");
    results.eta = { realTimeFactor: Number(fullModel.realTimeFactor.toFixed(3)), ...(await benchEta(fullModel.dir, Number(process.env.BENCH_ETA_CONTACTS ?? 1_000))) };
  }
}
if (want("scale")) {
  log("scale: M dispatchers × N fixed-latency workers on one Postgres…");
  results.scale = await benchScale(log);
}
if (want("workerThroughput")) {
  log("workerThroughput: HTTP sweep vs direct model loop…");
  results.workerThroughput = await benchWorkerThroughput(model.dir);
}
if (want("keepAlive")) {
  log("keepAlive: 200 requests, keep-alive vs new connection each…");
  results.keepAlive = await benchKeepAlive(model.fastDir);
}
if (want("sse")) {
  log("sse: commit-to-event latency…");
  results.sse = await benchSse(model.dir);
}
if (want("sseFanOut")) {
  log("sseFanOut: one campaign watched by 200 SSE clients vs 1, PGlite and Postgres…");
  const postgres = await startBenchPostgres();
  if (!postgres) log("sseFanOut: Postgres is not installed; PGlite only");
  try {
    results.sseFanOut = await benchSseFanOut(model.fastDir, { postgresUrl: postgres?.url ?? null });
  } finally {
    await postgres?.stop();
  }
}
if (want("streaming")) {
  log("streaming: time to first audio ÷ time to full audio, 1,000 characters…");
  results.streaming = await benchStreaming(model.dir);
}
if (want("contacts")) {
  log("contacts: the contacts page's query and searches over 50,000 contacts, PGlite and Postgres…");
  const postgres = await startBenchPostgres();
  if (!postgres) log("contacts: Postgres is not installed; PGlite only");
  try {
    results.contacts = await benchContactsPage({ postgresUrl: postgres?.url ?? null });
  } finally {
    await postgres?.stop();
  }
}
if (want("planning")) {
  log("planning: 10,000 and 100,000 recipients…");
  results.planning = await runPlanningBench();
}
results.totalSeconds = Math.round((performance.now() - started) / 1000);
(results.machine as Record<string, unknown>).loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(2)));

console.log(JSON.stringify(results, null, 2));
const outDir = path.join(root, "bench/results");
fs.mkdirSync(outDir, { recursive: true });
const file = only.size === 0 ? "latest.json" : `partial-${[...only].join("-")}.json`;
fs.writeFileSync(path.join(outDir, file), JSON.stringify(results, null, 2) + "\n");
log(`wrote bench/results/${file}`);

if (only.size === 0) {
  writeChart(results);
  log("wrote docs/benchmark-chart.svg");
}

type R = {
  dedupe: { perContactCalls: number; messageCalls: number; segmentCalls: number; perContactAudioSec: number; messageAudioSec: number; segmentAudioSec: number };
  endToEnd: { seedMs: number; oursMs: number; speedup: number; contacts: number };
  overhead: { ratio: number };
  workerThroughput: { direct: number; best: number; ratio: number; parallelVsSequential: number };
  keepAlive: { ratio: number; keepAliveMs: number; newConnectionMs: number };
  sse: { p50Ms: number; p95Ms: number };
  sseFanOut: Partial<Record<"pglite" | "postgres", { oneClientMs: number; manyClientsMs: number; clients: number; ratio: number }>>;
  planning: { small: { ms: number; bytesPerRecipient: number }; large: { ms: number; bytesPerRecipient: number }; linearity: number };
  streaming?: { chars: number; firstOverFull: number; runs: { firstMs: number; fullMs: number }[] };
};

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function writeChart(raw: Record<string, unknown>): void {
  const r = raw as unknown as R;
  const svg = renderChart(
    [
      {
        title: "Model calls for the 1,000-contact campaign (fewer is better)",
        bars: [
          { label: "seed: one per contact", value: r.dedupe.perContactCalls, display: `${r.dedupe.perContactCalls} calls, ${Math.round(r.dedupe.perContactAudioSec)} s audio` },
          { label: "message-level dedupe", value: r.dedupe.messageCalls, display: `${r.dedupe.messageCalls} calls, ${Math.round(r.dedupe.messageAudioSec)} s audio` },
          { label: "ours: sentence-level", value: r.dedupe.segmentCalls, display: `${r.dedupe.segmentCalls} calls, ${Math.round(r.dedupe.segmentAudioSec)} s audio` },
        ],
      },
      {
        title: `Launch to ready, ${r.endToEnd.contacts}-contact slice (shorter is better)`,
        bars: [
          { label: "seed: per contact, 10 at a time", value: r.endToEnd.seedMs, display: `${(r.endToEnd.seedMs / 1000).toFixed(1)} s` },
          { label: "ours", value: r.endToEnd.oursMs, display: `${(r.endToEnd.oursMs / 1000).toFixed(1)} s (${r.endToEnd.speedup}x faster)` },
        ],
      },
      {
        title: "Ratios (target in brackets)",
        bars: [
          { label: "overhead: wall / inference [≤1.05]", value: r.overhead.ratio, display: String(r.overhead.ratio) },
          { label: "worker / direct loop [≥0.9]", value: r.workerThroughput.ratio, display: String(r.workerThroughput.ratio) },
          { label: "parallel / one at a time", value: r.workerThroughput.parallelVsSequential, display: String(r.workerThroughput.parallelVsSequential) },
          { label: "new conn / keep-alive", value: r.keepAlive.ratio, display: String(r.keepAlive.ratio) },
          { label: "planning linearity [<1.2]", value: r.planning.linearity, display: String(r.planning.linearity) },
        ],
      },
      {
        title: "Progress event latency, commit to client (ms) [p95 < 100]",
        bars: [
          { label: "p50", value: r.sse.p50Ms, display: `${r.sse.p50Ms} ms` },
          { label: "p95", value: r.sse.p95Ms, display: `${r.sse.p95Ms} ms` },
        ],
      },
      ...fullScaleChartGroups(raw as FullScaleResults),
    ],
    (raw.model as { description: string }).description,
  );
  fs.mkdirSync(path.join(root, "docs"), { recursive: true });
  fs.writeFileSync(path.join(root, "docs/benchmark-chart.svg"), svg + "\n");
}

if (only.size === 0) {
  updateDoc(results as unknown as R & { model: { description: string }; ranAt: string; machine: { cores: number; cpu: string } });
  log("updated docs/benchmarks.md");
}

function updateDoc(r: R & { model: { description: string }; ranAt: string; machine: { cores: number; cpu: string } }): void {
  const file = path.join(root, "docs/benchmarks.md");
  const doc = fs.readFileSync(file, "utf8");
  const d = r.dedupe;
  const lines = [
    `Run ${r.ranAt} on ${r.machine.cores} cores (${r.machine.cpu}). Model: ${r.model.description}.`,
    "",
    "| Scenario | Result |",
    "|---|---|",
    `| dedupe: model calls (per contact / per message / per sentence) | ${d.perContactCalls} / ${d.messageCalls} / ${d.segmentCalls} |`,
    `| dedupe: audio seconds to synthesise | ${d.perContactAudioSec} / ${d.messageAudioSec} / ${d.segmentAudioSec} |`,
    `| endToEnd (${r.endToEnd.contacts} contacts): seed vs ours | ${(r.endToEnd.seedMs / 1000).toFixed(1)} s vs ${(r.endToEnd.oursMs / 1000).toFixed(1)} s, **${r.endToEnd.speedup}x** |`,
    `| overhead: wall ÷ inference (target ≤ 1.05) | **${r.overhead.ratio}** |`,
    `| workerThroughput: best HTTP ÷ direct loop (target ≥ 0.9) | **${r.workerThroughput.ratio}** (${r.workerThroughput.best} vs ${r.workerThroughput.direct} renders/s) |`,
    `| parallel ÷ one at a time | ${r.workerThroughput.parallelVsSequential}x |`,
    `| keepAlive: new connection ÷ keep-alive, 200 requests | ${r.keepAlive.ratio} (${r.keepAlive.newConnectionMs} ms vs ${r.keepAlive.keepAliveMs} ms) |`,
    `| sse: commit → client, p50 / p95 (target p95 < 100) | ${r.sse.p50Ms} ms / **${r.sse.p95Ms} ms** |`,
    ...(["pglite", "postgres"] as const).flatMap((driver) => {
      const f = r.sseFanOut?.[driver];
      return f ? [`| sseFanOut (${driver}): ${f.clients} clients ÷ 1, render wall time (target ≤ 1.1) | ${(f.manyClientsMs / 1000).toFixed(1)} s / ${(f.oneClientMs / 1000).toFixed(1)} s, **${f.ratio}** |`] : [];
    }),
    `| planning: 10k / 100k recipients, linearity (target < 1.2) | ${(r.planning.small.ms / 1000).toFixed(1)} s / ${(r.planning.large.ms / 1000).toFixed(1)} s, **${r.planning.linearity}** |`,
    `| planning: peak heap per recipient, 10k / 100k | ${kb(r.planning.small.bytesPerRecipient)} / ${kb(r.planning.large.bytesPerRecipient)} |`,
    ...(r.streaming
      ? [`| streaming: first audio ÷ full audio, ${r.streaming.chars} characters (target ≤ 0.2) | **${r.streaming.firstOverFull}** (${r.streaming.runs[0]!.firstMs} ms vs ${r.streaming.runs[0]!.fullMs} ms, first run) |`]
      : []),
    ...fullScaleDocLines(r as unknown as FullScaleResults),
  ];
  const updated = doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${lines.join("\n")}\n<!-- bench:end -->`);
  fs.writeFileSync(file, updated);
}
