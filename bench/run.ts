/**
 * `npm run bench`: every scenario against real processes (a real worker, a real database, the lib
 * use-cases the web app runs), printed as a table and written to bench/results/latest.json, with the chart in
 * docs/benchmark-chart.svg and the numbers in docs/benchmarks.md. `npm run bench -- planning sse` runs a subset
 * and merges its figures into latest.json, keeping the others. Every figure carries the time and the load
 * average of its own run (the machine may be shared), so ratios are compared within one figure.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { renderChart } from "./chart";
import { fullScaleChartGroups, fullScaleDocLines, runNote, type FullScaleResults } from "./full-scale-report";
import { calibrateStandInTo, chooseBenchModel, measureRealTimeFactor, realModelDir, type BenchModel } from "./model";
import { runPlanningBench, runPlanningPostgresBench, type PlanningRun } from "./planning";
import { benchDedupe, benchEndToEnd, benchRealSpeed } from "./scenarios/campaign";
import { benchCalls, type CallsFigures } from "./scenarios/calls";
import { benchContactsPage } from "./scenarios/contacts";
import { benchEta } from "./scenarios/eta";
import { benchScale } from "./scenarios/scale";
import { startBenchPostgres } from "./postgres";
import { benchSse, benchSseFanOut } from "./scenarios/sse";
import { benchOnnxruntimeStep } from "./scenarios/onnxruntime-step";
import { benchPeers } from "./scenarios/peers";
import { benchTuning } from "./scenarios/tuning";
import { benchSpeech, benchSpeechSpanish } from "./scenarios/speech";
import { benchSpeechCheck } from "./scenarios/speechcheck";
import { benchStreaming } from "./scenarios/streaming";
import { benchKeepAlive, benchWorkerThroughput } from "./scenarios/worker";

const root = path.resolve(import.meta.dirname, "..");
const only = new Set(process.argv.slice(2));
const want = (name: string) => only.size === 0 || only.has(name);
const started = performance.now();
const log = (msg: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const latestFile = path.join(root, "bench/results/latest.json");
/** Read when writing, so two subset runs at once each keep what the other wrote. */
const readLatest = (): Record<string, unknown> => (fs.existsSync(latestFile) ? JSON.parse(fs.readFileSync(latestFile, "utf8")) : {});

// `npm run bench -- --redraw`: rebuild the chart and the doc table from bench/results/latest.json only.
if (process.argv.includes("--redraw")) {
  const latest = readLatest();
  writeChart(latest);
  updateDoc(latest as unknown as DocResults);
  log("redrew docs/benchmark-chart.svg and docs/benchmarks.md from bench/results/latest.json");
  process.exit(0);
}

const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** Runs one scenario and stamps each figure it returns with when it ran and the load around it. */
async function measure<T extends Record<string, unknown>>(figures: () => Promise<T>): Promise<T> {
  const ranAt = new Date().toISOString();
  const loadAverageAtStart = load();
  const result = await figures();
  const run = { ranAt, machine: { loadAverageAtStart, loadAverageAtEnd: load() } };
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v && typeof v === "object" ? { ...v, run } : v])) as T;
}

/** The calibrated model, chosen the first time a scenario needs it (planning and scale need none). */
let calibrated = null as BenchModel | null;
async function benchModel(): Promise<BenchModel> {
  if (!calibrated) {
    log("choosing and calibrating the model…");
    calibrated = await chooseBenchModel();
    log(`model: ${calibrated.description}`);
  }
  return calibrated;
}

const results: Record<string, unknown> = {
  ranAt: new Date().toISOString(),
  machine: { cores: os.availableParallelism(), cpu: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: load() },
};

if (want("dedupe")) {
  log("dedupe: 1,000-contact reference campaign…");
  Object.assign(results, await measure(async () => ({ dedupe: await benchDedupe((await benchModel()).fastDir) })));
}
if (want("endToEnd") || want("overhead")) {
  const contacts = Number(process.env.BENCH_E2E_CONTACTS ?? 40);
  log(`endToEnd + overhead: ${contacts}-contact slice, seed's approach vs ours, calibrated model…`);
  const { dir } = await benchModel();
  Object.assign(results, await measure(() => benchEndToEnd(dir, contacts)));
}
if (want("fullCampaign") || want("eta")) {
  // A faster calibrated stand-in, so the seed's 12,009 audio-seconds finish in minutes; same worker, same code.
  const fullModel = await chooseBenchModel(Number(process.env.BENCH_FULL_RTF ?? 0.05), { standInOnly: true });
  log(`fullCampaign + eta: ${fullModel.description}`);
  if (want("fullCampaign")) {
    log("fullCampaign: all 1,000 contacts, seed's approach vs ours…");
    const { fullCampaign } = await measure(async () => {
      const full = await benchEndToEnd(fullModel.dir, 1_000);
      return { fullCampaign: { realTimeFactor: Number(fullModel.realTimeFactor.toFixed(3)), ...full.endToEnd, overhead: full.overhead.ratio } };
    });
    results.fullCampaign = fullCampaign;
  }
  if (want("eta")) {
    log("eta: estimate at 10/25/50/75 % of the reference campaign, alone and with a second campaign half-way…");
    const contacts = Number(process.env.BENCH_ETA_CONTACTS ?? 1_000);
    Object.assign(results, await measure(async () => ({ eta: { realTimeFactor: Number(fullModel.realTimeFactor.toFixed(3)), ...(await benchEta(fullModel.dir, contacts)) } })));
  }
}
if (want("realCampaign")) {
  const real = await realModelDir();
  if (real) {
    log("realCampaign: the reference campaign on the real Kokoro weights, and a stand-in calibrated from them…");
    const realRtf = await measureRealTimeFactor(real);
    const standIn = await calibrateStandInTo(real);
    log(`realCampaign: real RTF ${realRtf.toFixed(3)} on the probe sentence; ${standIn.description}`);
    const options = {
      oursContacts: Number(process.env.BENCH_REAL_CONTACTS ?? 1_000),
      seedContacts: Number(process.env.BENCH_REAL_SEED_CONTACTS ?? 10),
      sliceContacts: Number(process.env.BENCH_REAL_SLICE_CONTACTS ?? 20),
    };
    Object.assign(
      results,
      await measure(async () => ({
        realCampaign: {
          realTimeFactor: Number(realRtf.toFixed(3)),
          standInRealTimeFactor: Number(standIn.realTimeFactor.toFixed(3)),
          standIn: standIn.description,
          ...(await benchRealSpeed(real, standIn.dir, options)),
        },
      })),
    );
  } else {
    log("realCampaign: skipped, the real Kokoro weights are not installed (npm run model:download)");
  }
}
if (want("scale")) {
  log("scale: M dispatchers × N fixed-latency workers on one Postgres…");
  Object.assign(results, await measure(async () => ({ scale: await benchScale(log) })));
}
if (want("workerThroughput")) {
  log("workerThroughput: HTTP sweep vs direct model loop…");
  Object.assign(results, await measure(async () => ({ workerThroughput: await benchWorkerThroughput((await benchModel()).dir) })));
}
if (want("keepAlive")) {
  log("keepAlive: 200 requests, keep-alive vs new connection each…");
  Object.assign(results, await measure(async () => ({ keepAlive: await benchKeepAlive((await benchModel()).fastDir) })));
}
if (want("sse")) {
  log("sse: commit-to-event latency…");
  Object.assign(results, await measure(async () => ({ sse: await benchSse((await benchModel()).dir) })));
}
if (want("sseFanOut")) {
  log("sseFanOut: one campaign watched by 200 SSE clients vs 1, PGlite and Postgres…");
  const postgres = await startBenchPostgres();
  if (!postgres) log("sseFanOut: Postgres is not installed; PGlite only");
  try {
    Object.assign(results, await measure(async () => ({ sseFanOut: await benchSseFanOut((await benchModel()).fastDir, { postgresUrl: postgres?.url ?? null }) })));
  } finally {
    await postgres?.stop();
  }
}
if (want("streaming")) {
  log("streaming: time to first audio ÷ time to full audio, 1,000 characters…");
  Object.assign(results, await measure(async () => ({ streaming: await benchStreaming((await benchModel()).dir) })));
}
if (want("speech")) {
  log("speech: 20 reminder sentences, real Kokoro and the built-in voice, heard by an offline recogniser…");
  const real = await realModelDir();
  Object.assign(results, await measure(async () => ({ speech: await benchSpeech(real, log) })));
}
if (want("speechcheck")) {
  log("speechcheck: a 1,000-recipient campaign with realistic names, rendered with and without the speech check beside it…");
  Object.assign(results, await measure(async () => await benchSpeechCheck(log)));
}
if (want("speech-es")) {
  log("speech-es: 20 Spanish reminder sentences, the real Kokoro Spanish voice, heard by the multilingual recogniser…");
  const real = await realModelDir();
  Object.assign(results, await measure(async () => ({ speechSpanish: await benchSpeechSpanish(real, log) })));
}
if (want("onnxruntime")) {
  const real = await realModelDir();
  if (real) {
    log("onnxruntime: the real weights on onnxruntime-node 1.30.0 and on this project's version, one thread…");
    Object.assign(results, await measure(async () => ({ onnxruntime: await benchOnnxruntimeStep(real, log) })));
  } else {
    log("onnxruntime: skipped, the real Kokoro weights are not installed (npm run model:download)");
  }
}
if (want("tuning")) {
  const real = await realModelDir();
  if (real) {
    log("tuning: onnxruntime session options on the real weights, one thread…");
    Object.assign(results, await measure(async () => ({ tuning: await benchTuning(real, log) })));
  } else {
    log("tuning: skipped, the real Kokoro weights are not installed (npm run model:download)");
  }
}
if (want("peers")) {
  const real = await realModelDir();
  if (real) {
    log("peers: the worker over HTTP vs kokoro-onnx in a direct loop, same ONNX file, sentences and cores…");
    Object.assign(results, await measure(async () => ({ peers: await benchPeers(real, log) })));
  } else {
    log("peers: skipped, the real Kokoro weights are not installed (npm run model:download)");
  }
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
if (want("calls")) {
  log("calls: 1,000 recipients through the carrier simulator at 10 calls a second…");
  Object.assign(results, await measure(async () => ({ calls: await benchCalls({ recipients: Number(process.env.BENCH_CALLS_RECIPIENTS ?? 1_000) }) })));
}
if (want("planning")) {
  log("planning: 10,000 and 100,000 recipients…");
  Object.assign(results, await measure(async () => ({ planning: await runPlanningBench() })));
}
if (want("planningPostgres")) {
  log("planningPostgres: 100,000 and 1,000,000 recipients on Postgres…");
  Object.assign(results, await measure(async () => ({ planningPostgres: await runPlanningPostgresBench(log) })));
}
const chosen = calibrated;
if (chosen) results.model = { kind: chosen.kind, description: chosen.description, realTimeFactor: Number(chosen.realTimeFactor.toFixed(3)) };
results.totalSeconds = Math.round((performance.now() - started) / 1000);
(results.machine as Record<string, unknown>).loadAverageAtEnd = load();

console.log(JSON.stringify(results, null, 2));
// A subset run keeps the other figures of latest.json (each with its own run's time and load).
const { ranAt, machine, model: modelInfo, totalSeconds, ...figures } = results;
const merged = only.size === 0 ? results : { ranAt, machine, model: modelInfo, totalSeconds, ...readLatest(), ...figures };
fs.mkdirSync(path.dirname(latestFile), { recursive: true });
fs.writeFileSync(latestFile, JSON.stringify(merged, null, 2) + "\n");
log("wrote bench/results/latest.json");
writeChart(merged);
log("wrote docs/benchmark-chart.svg");
updateDoc(merged as unknown as DocResults);
log("updated docs/benchmarks.md");

type R = {
  dedupe: { perContactCalls: number; messageCalls: number; segmentCalls: number; perContactAudioSec: number; messageAudioSec: number; segmentAudioSec: number };
  endToEnd: { seedMs: number; oursMs: number; speedup: number; contacts: number };
  overhead: { ratio: number };
  workerThroughput: { direct: number; best: number; ratio: number; parallelVsSequential: number };
  keepAlive: { ratio: number; keepAliveMs: number; newConnectionMs: number };
  sse: { p50Ms: number; p95Ms: number };
  sseFanOut: Partial<Record<"pglite" | "postgres", { oneClientMs: number; manyClientsMs: number; clients: number; ratio: number }>>;
  planning: {
    small: { ms: number; bytesPerRecipient: number };
    large: { ms: number; bytesPerRecipient: number };
    linearity: number;
  };
  planningPostgres?: { base: PlanningRun; million: PlanningRun; timeRatio: number; peakHeapRatio: number; targetMs: number } | { skipped: string };
  streaming?: { chars: number; firstOverFull: number; runs: { firstMs: number; fullMs: number }[] };
  peers?: {
    renders: number;
    peer: { oneProcess: { threads: number; rendersPerSec: number }; processPerCore: { processes: number; rendersPerSec: number } };
    ours: { threads: number; intraOpThreads: number; processes?: number; concurrency: number; rendersPerSec: number }[];
    latency?: { threads: number; intraOpThreads: number; oneRenderMs: number; firstAudioMs: number; fullReplyMs: number }[];
    bestPeer: number;
    bestOurs: number;
    ratio: number;
  };
  tuning?: { renders: number; variants: { name: string; bestMs: number; speedup: number }[] };
  onnxruntime?: { tokens: number; audioSeconds: number; old: { version: string; bestMs: number }; current: { version: string; bestMs: number }; ratio: number };
  realCampaign?: {
    realTimeFactor: number;
    standInRealTimeFactor: number;
    calibration: { contacts: number; realMs: number; standInMs: number; ratio: number };
    seed: { contacts: number; wallMs: number; msPerContact: number; projectedMs: number };
    ours: { contacts: number; wallMs: number; calls: number; audioSec: number; overhead: number };
    speedup: number;
  };
  speech?: SpeechFigures;
  speechSpanish?: SpeechFigures;
  calls?: CallsFigures;
};

type SpeechFigures = {
  recogniser: string;
  sentences: number;
  voices: { voice: string; engine: string; wer: number; words: number; errors: number; entities: Record<string, { heard: number; total: number }> }[];
};

/** "name 19/20, date 12/12, …" */
function entityLine(entities: Record<string, { heard: number; total: number }>): string {
  return Object.entries(entities)
    .map(([kind, t]) => `${kind} ${t.heard}/${t.total}`)
    .join(", ");
}

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

type DocResults = R & { model: { description: string }; ranAt: string; machine: { cores: number; cpu: string } };

function updateDoc(r: DocResults): void {
  const file = path.join(root, "docs/benchmarks.md");
  const doc = fs.readFileSync(file, "utf8");
  const d = r.dedupe;
  const lines = [
    `Full run ${r.ranAt} on ${r.machine.cores} cores (${r.machine.cpu}). Model: ${r.model.description}. Each row says when it ran and the 1-minute load average at its start and end (the machine is shared): compare the ratios within a row, not absolute times across rows.`,
    "",
    "| Scenario | Result |",
    "|---|---|",
    `| dedupe: model calls (per contact / per message / per sentence)${runNote(d)} | ${d.perContactCalls} / ${d.messageCalls} / ${d.segmentCalls} |`,
    `| dedupe: audio seconds to synthesise | ${d.perContactAudioSec} / ${d.messageAudioSec} / ${d.segmentAudioSec} |`,
    `| endToEnd (${r.endToEnd.contacts} contacts): seed vs ours${runNote(r.endToEnd)} | ${(r.endToEnd.seedMs / 1000).toFixed(1)} s vs ${(r.endToEnd.oursMs / 1000).toFixed(1)} s, **${r.endToEnd.speedup}x** |`,
    `| overhead: wall ÷ inference (target ≤ 1.05)${runNote(r.overhead)} | **${r.overhead.ratio}** |`,
    `| workerThroughput: best HTTP ÷ direct loop (target ≥ 0.9)${runNote(r.workerThroughput)} | **${r.workerThroughput.ratio}** (${r.workerThroughput.best} vs ${r.workerThroughput.direct} renders/s) |`,
    `| parallel ÷ one at a time | ${r.workerThroughput.parallelVsSequential}x |`,
    `| keepAlive: new connection ÷ keep-alive, 200 requests${runNote(r.keepAlive)} | ${r.keepAlive.ratio} (${r.keepAlive.newConnectionMs} ms vs ${r.keepAlive.keepAliveMs} ms) |`,
    `| sse: commit → client, p50 / p95 (target p95 < 100)${runNote(r.sse)} | ${r.sse.p50Ms} ms / **${r.sse.p95Ms} ms** |`,
    ...(["pglite", "postgres"] as const).flatMap((driver) => {
      const f = r.sseFanOut?.[driver];
      return f ? [`| sseFanOut (${driver}): ${f.clients} clients ÷ 1, render wall time (target ≤ 1.1)${runNote(r.sseFanOut)} | ${(f.manyClientsMs / 1000).toFixed(1)} s / ${(f.oneClientMs / 1000).toFixed(1)} s, **${f.ratio}** |`] : [];
    }),
    `| planning: 10k / 100k recipients, linearity (target < 1.2)${runNote(r.planning)} | ${(r.planning.small.ms / 1000).toFixed(1)} s / ${(r.planning.large.ms / 1000).toFixed(1)} s, **${r.planning.linearity}** |`,
    `| planning: peak heap per recipient, 10k / 100k | ${kb(r.planning.small.bytesPerRecipient)} / ${kb(r.planning.large.bytesPerRecipient)} |`,
    ...(r.planningPostgres && "million" in r.planningPostgres
      ? (({ base, million, timeRatio, peakHeapRatio }) => [
          `| planning on Postgres: ${base.recipients.toLocaleString("en-US")} / ${million.recipients.toLocaleString("en-US")} recipients (target < 2 min)${runNote(r.planningPostgres)} | ${(base.ms / 1000).toFixed(1)} s / **${(million.ms / 1000).toFixed(1)} s** (${timeRatio}x the time for ${million.recipients / base.recipients}x the recipients) |`,
          `| planning on Postgres: peak heap, ${base.recipients.toLocaleString("en-US")} / ${million.recipients.toLocaleString("en-US")} (flat = ratio near 1) | ${base.peakHeapMiB} MiB / ${million.peakHeapMiB} MiB (${kb(base.bytesPerRecipient)} / ${kb(million.bytesPerRecipient)} per recipient), ratio **${peakHeapRatio}** |`,
          ...(base.plan && million.plan
            ? [
                `| plan (before launch) on Postgres: ${base.recipients.toLocaleString("en-US")} / ${million.recipients.toLocaleString("en-US")} recipients, time and peak heap | ${(base.plan.ms / 1000).toFixed(1)} s / ${(million.plan.ms / 1000).toFixed(1)} s; ${base.plan.peakHeapMiB} MiB / ${million.plan.peakHeapMiB} MiB |`,
              ]
            : []),
        ])(r.planningPostgres)
      : []),
    ...(r.streaming
      ? [`| streaming: first audio ÷ full audio, ${r.streaming.chars} characters (target ≤ 0.2)${runNote(r.streaming)} | **${r.streaming.firstOverFull}** (${r.streaming.runs[0]!.firstMs} ms vs ${r.streaming.runs[0]!.fullMs} ms, first run) |`]
      : []),
    ...(r.peers
      ? (({ peer, ours, bestPeer, bestOurs, ratio, renders }) => {
          const best = ours.reduce((a, b) => (b.rendersPerSec > a.rendersPerSec ? b : a));
          return [
            `| peers: worker over HTTP ÷ kokoro-onnx direct loop, same ONNX file, ${renders} campaign sentences (target ≥ 1.0)${runNote(r.peers)} | **${ratio}** (${bestOurs} vs ${bestPeer} renders/s; worker best at ${best.processes ? `${best.processes} processes × ` : ""}${best.threads} × ${best.intraOpThreads} threads, ${best.concurrency} clients; kokoro-onnx ${peer.oneProcess.rendersPerSec} in one process with ${peer.oneProcess.threads} threads, ${peer.processPerCore.rendersPerSec} in ${peer.processPerCore.processes} processes) |`,
          ];
        })(r.peers).concat(
          (r.peers.latency ?? []).map(
            (l) => `| worker layout ${l.threads} model threads × ${l.intraOpThreads} intra-op: one render alone / first audio of a 1,000-character stream / whole stream | ${l.oneRenderMs} ms / ${l.firstAudioMs} ms / ${(l.fullReplyMs / 1000).toFixed(1)} s |`,
          ),
        )
      : []),
    ...(r.tuning
      ? [
          `| tuning: onnxruntime session options, real weights, one thread, ${r.tuning.renders} campaign sentences, speed-up over the worker's default${runNote(r.tuning)} | ${r.tuning.variants.map((v) => `${v.name}: ${v.speedup}x`).join("; ")} |`,
        ]
      : []),
    ...(r.onnxruntime
      ? [
          `| onnxruntime: the real weights, one thread, ${r.onnxruntime.tokens} tokens → ${r.onnxruntime.audioSeconds} s of audio, ${r.onnxruntime.old.version} ÷ ${r.onnxruntime.current.version}${runNote(r.onnxruntime)} | ${r.onnxruntime.old.bestMs} ms vs ${r.onnxruntime.current.bestMs} ms, **${r.onnxruntime.ratio}x** |`,
        ]
      : []),
    ...(r.realCampaign
      ? (({ realTimeFactor, standInRealTimeFactor, calibration, seed, ours, speedup }) => [
          `| realCampaign: stand-in calibrated from the real model (RTF ${realTimeFactor} → ${standInRealTimeFactor}), ${calibration.contacts}-contact slice, stand-in ÷ real wall time (target 0.85–1.15)${runNote(r.realCampaign)} | **${calibration.ratio}** (${(calibration.standInMs / 1000).toFixed(1)} s vs ${(calibration.realMs / 1000).toFixed(1)} s) |`,
          `| realCampaign: all ${ours.contacts} contacts on the real weights, seed (scaled from ${seed.contacts} contacts) vs ours (target ≥ 10x) | ${(seed.projectedMs / 1000).toFixed(0)} s vs ${(ours.wallMs / 1000).toFixed(0)} s, **${speedup}x** (${ours.calls} renders, ${ours.audioSec} s of audio; wall ÷ inference ${ours.overhead}) |`,
        ])(r.realCampaign)
      : []),
    ...(r.speech
      ? r.speech.voices.map(
          (v) =>
            `| speech: ${v.engine} (${v.voice}), ${r.speech!.sentences} reminder sentences heard by ${r.speech!.recogniser}${runNote(r.speech)} | word error **${(v.wer * 100).toFixed(1)} %** (${v.errors}/${v.words}); heard right: ${entityLine(v.entities)} |`,
        )
      : []),
    ...(r.speechSpanish
      ? r.speechSpanish.voices.map(
          (v) =>
            `| speech-es: ${v.engine} (${v.voice}), ${r.speechSpanish!.sentences} Spanish reminder sentences heard by ${r.speechSpanish!.recogniser}${runNote(r.speechSpanish)} | word error **${(v.wer * 100).toFixed(1)} %** (${v.errors}/${v.words}); heard right: ${entityLine(v.entities)} |`,
        )
      : []),
    ...(r.calls
      ? (({ recipients, callsPerSecond, wallMs, idealMs, wallOverIdeal, statementsPerCall, maxCreatesInOneSecond }) => [
          `| calls: ${recipients.toLocaleString("en-US")} recipients through the carrier simulator at ${callsPerSecond} calls/s, wall time ÷ ideal (recipients ÷ rate)${runNote(r.calls)} | ${(wallMs / 1000).toFixed(1)} s vs ${(idealMs / 1000).toFixed(0)} s, **${wallOverIdeal}** |`,
          `| calls: database statements per call (placing it and every callback) / most calls created in any 1 s (never above ${callsPerSecond}) | **${statementsPerCall}** / **${maxCreatesInOneSecond}** |`,
        ])(r.calls)
      : []),
    ...fullScaleDocLines(r as unknown as FullScaleResults),
  ];
  const updated = doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${lines.join("\n")}\n<!-- bench:end -->`);
  fs.writeFileSync(file, updated);
}
