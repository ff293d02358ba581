/**
 * Chart groups and doc-table rows for the full-scale scenarios (fullCampaign, eta, scale); each appears only
 * when its results are present, so a subset run or an older latest.json still redraws.
 */
/** An estimate as stored; results from before the point value have only the range. */
type Eta = { seconds?: number; lowSeconds: number; highSeconds: number; basis?: string };
type Checkpoint = { fraction: number; eta: Eta | null; actualSeconds: number; midpointError: number | null; actualInRange: boolean };
type PlanCheck = { eta: Eta | null; actualSeconds?: number; error?: number | null; actualInRange: boolean };
type EtaRun = { totalSeconds: number; segments: number; plan: PlanCheck; checkpoints: Checkpoint[]; worstErrorFrom25: number; nextCampaign?: EtaRun };
type ScaleRun = {
  dispatchers: number;
  workers: number;
  latencyMs: number;
  /** Launch to ready. */
  segmentsPerSecond: number;
  /** The launch's commit to ready (absent in results from before it was measured). */
  dispatchSegmentsPerSecond?: number;
  segments: number;
  renders: number;
  /** Ceiling runs: CPU seconds used while the campaign rendered, and transactions committed per segment. */
  cpu?: { dispatchersSec: number; postgresSec: number; benchSec: number };
  commitsPerSegment?: number;
  /** Ceiling runs: per segment, what the dispatchers asked of Postgres. */
  trips?: { statements: number; roundTrips: number; leaseStatements: number; settleTransactions: number };
};

const dispatchRate = (x: ScaleRun) => x.dispatchSegmentsPerSecond ?? x.segmentsPerSecond;

/** Set when the figure comes from a subset run, not the run the rest of the table is from. */
type OwnRun = { run?: { ranAt: string; machine: { loadAverageAtStart?: number[]; loadAverageAtEnd?: number[] } } };

export type FullScaleResults = {
  fullCampaign?: OwnRun & { realTimeFactor: number; contacts: number; seedMs: number; oursMs: number; speedup: number; seedCalls: number; ourCalls: number; overhead: number; seedWebCpuMs?: number; oursWebCpuMs?: number };
  eta?: OwnRun & { realTimeFactor: number; alone: EtaRun; withSecondCampaign: EtaRun };
  scale?: OwnRun & { latencyMs: number; capacityPerWorker: number; runs: ScaleRun[]; ceiling: ScaleRun[]; ceilingSegmentsPerSecond: number; linearity: { dispatchers: number; byWorkers: { workers: number; ratio: number; belowCeiling: boolean }[] }[] };
};

type Bar = { label: string; value: number; display: string };
const pct = (x: number | null) => (x === null ? "n/a" : `${x >= 0 ? "+" : ""}${Math.round(x * 100)} %`);
const range = (e: Eta | null) => (e ? `${e.seconds !== undefined ? `${e.seconds} s (` : ""}${e.lowSeconds}–${e.highSeconds} s${e.seconds !== undefined ? ")" : ""}` : "unknown");

export function fullScaleChartGroups(r: FullScaleResults): { title: string; bars: Bar[] }[] {
  const groups: { title: string; bars: Bar[] }[] = [];
  if (r.fullCampaign) {
    const f = r.fullCampaign;
    groups.push({
      title: `Launch to ready, all ${f.contacts} contacts, RTF ${f.realTimeFactor} [≥10x]${ownLoad(f)}`,
      bars: [
        { label: "seed: per contact, 10 at a time", value: f.seedMs, display: `${(f.seedMs / 1000).toFixed(1)} s, ${f.seedCalls} renders` },
        { label: "ours", value: f.oursMs, display: `${(f.oursMs / 1000).toFixed(1)} s, ${f.ourCalls} renders (${f.speedup}x faster)` },
      ],
    });
  }
  if (r.eta) {
    const bars: Bar[] = [];
    for (const [name, run] of [["alone", r.eta.alone], ["2nd campaign at 50 %", r.eta.withSecondCampaign]] as const) {
      for (const c of run.checkpoints) {
        bars.push({ label: `${name}, at ${c.fraction * 100} %`, value: Math.abs(c.midpointError ?? 0), display: `${pct(c.midpointError)} (said ${range(c.eta)}, took ${c.actualSeconds} s)` });
      }
    }
    const next = r.eta.alone.nextCampaign;
    if (next?.plan.error !== undefined && next.plan.error !== null) {
      bars.push({ label: "next campaign, plan before launch", value: Math.abs(next.plan.error), display: `${pct(next.plan.error)} (said ${range(next.plan.eta)}, took ${next.totalSeconds} s)` });
    }
    groups.push({ title: `Time-left error, estimate vs real [±25 % before launch, ±20 % from 25 %]${ownLoad(r.eta)}`, bars });
  }
  if (r.scale) {
    const s = r.scale;
    groups.push({
      title: `Scale-out, segments/s: M dispatchers × N workers at ${s.latencyMs} ms${ownLoad(s)}`,
      bars: [
        ...s.runs.map((x) => ({ label: `${x.dispatchers} × ${x.workers}`, value: dispatchRate(x), display: `${dispatchRate(x)}/s` })),
        ...s.ceiling.map((x) => ({ label: `ceiling: ${x.dispatchers} × ${x.workers}, 0 ms`, value: dispatchRate(x), display: `${dispatchRate(x)}/s` })),
      ],
    });
  }
  return groups;
}

/** " (own run, load 28→42)": a short form for chart titles. */
function ownLoad(x: OwnRun): string {
  if (!x.run) return "";
  const l = x.run.machine;
  return ` (own run, load ${l.loadAverageAtStart?.[0]?.toFixed(0) ?? "?"}→${l.loadAverageAtEnd?.[0]?.toFixed(0) ?? "?"})`;
}

/** " (run …, load average … → …)" for a figure stamped with its run; "" for one from before runs were stamped. */
export function runNote(figure: object | undefined): string {
  const x = figure as OwnRun | undefined;
  if (!x?.run) return "";
  const load = (l?: number[]) => (l ? l[0]!.toFixed(0) : "?");
  return ` (run ${x.run.ranAt.slice(0, 16).replace("T", " ")} UTC, load ${load(x.run.machine.loadAverageAtStart)} → ${load(x.run.machine.loadAverageAtEnd)})`;
}

export function fullScaleDocLines(r: FullScaleResults): string[] {
  const lines: string[] = [];
  if (r.fullCampaign) {
    const f = r.fullCampaign;
    lines.push(
      `| fullCampaign (all ${f.contacts} contacts, RTF ${f.realTimeFactor})${runNote(f)}: seed vs ours (target ≥ 10x) | ${(f.seedMs / 1000).toFixed(1)} s vs ${(f.oursMs / 1000).toFixed(1)} s, **${f.speedup}x** (${f.seedCalls} vs ${f.ourCalls} renders; ours wall ÷ inference ${f.overhead}${webCpu(f)}) |`,
    );
  }
  if (r.eta) {
    for (const [name, run] of [["alone", r.eta.alone], ["second campaign launched at 50 %", r.eta.withSecondCampaign]] as const) {
      const points = run.checkpoints.map((c) => `${c.fraction * 100} %: ${range(c.eta)} vs ${c.actualSeconds} s (${pct(c.midpointError)})`).join("; ");
      lines.push(`| eta, ${name} (${run.segments} segments, ${run.totalSeconds} s, RTF ${r.eta.realTimeFactor}; target ±20 % from 25 %)${runNote(r.eta)} | ${points}; worst from 25 %: **${pct(run.worstErrorFrom25)}** |`);
    }
    lines.push(`| eta: first plan on a fresh database (worker's start-up guess) vs launch to ready | ${range(r.eta.alone.plan.eta)} vs ${r.eta.alone.totalSeconds} s (${pct(r.eta.alone.plan.error ?? null)}) |`);
    const next = r.eta.alone.nextCampaign;
    if (next) {
      const at25 = next.checkpoints.find((c) => c.fraction === 0.25);
      lines.push(
        `| eta: the next campaign (${next.segments} new segments), planned from the last one's measured speed; target ±25 % before launch, ±20 % from 25 %${runNote(r.eta)} | plan ${range(next.plan.eta)} vs ${next.totalSeconds} s (**${pct(next.plan.error ?? null)}**); at 25 %: ${range(at25?.eta ?? null)} vs ${at25?.actualSeconds ?? "?"} s (**${pct(at25?.midpointError ?? null)}**); worst from 25 %: **${pct(next.worstErrorFrom25)}** |`,
      );
    }
  }
  if (r.scale) {
    const s = r.scale;
    for (const m of [...new Set(s.runs.map((x) => x.dispatchers))]) {
      const mine = s.runs.filter((x) => x.dispatchers === m);
      const lin = s.linearity.find((l) => l.dispatchers === m)!;
      lines.push(
        `| scale: ${m} dispatcher(s), 1/2/4/8 workers at ${s.latencyMs} ms (ideal ${mine.map((x) => (x.workers * s.capacityPerWorker * 1000) / s.latencyMs).join("/")})${runNote(s)} | ${mine.map(dispatchRate).join(" / ")} segments/s; ÷ linear: ${lin.byWorkers.map((b) => b.ratio).join(" / ")} |`,
      );
    }
    lines.push(
      `| scale: dispatch ceiling, 8 workers at 0 ms, 1/2/4 dispatchers, ${s.ceiling[0]?.segments ?? "?"} segments (target ≥ 200) | ${s.ceiling.map(dispatchRate).join(" / ")} segments/s, **${s.ceilingSegmentsPerSecond}** (with the launch: ${s.ceiling.map((x) => x.segmentsPerSecond).join(" / ")}) |`,
    );
    if (s.ceiling.every((x) => x.trips)) {
      const t = (pick: (trips: NonNullable<ScaleRun["trips"]>) => number) => s.ceiling.map((x) => pick(x.trips!)).join(" / ");
      lines.push(
        `| scale: ceiling, per segment: statements, round trips (statements + begin/commit), lease statements, settle transactions; 1/2/4 dispatchers | ${t((x) => x.statements)}; ${t((x) => x.roundTrips)}; ${t((x) => x.leaseStatements)}; ${t((x) => x.settleTransactions)} |`,
      );
    }
    const perSegment = (sec: number, x: ScaleRun) => ((sec * 1000) / x.segments).toFixed(1);
    if (s.ceiling.every((x) => x.cpu)) {
      lines.push(
        `| scale: ceiling, CPU ms per segment: dispatchers + Postgres + stand-in workers, 1/2/4 dispatchers; commits per segment | ${s.ceiling.map((x) => `${perSegment(x.cpu!.dispatchersSec, x)} + ${perSegment(x.cpu!.postgresSec, x)} + ${perSegment(x.cpu!.benchSec, x)}`).join(" / ")}; ${s.ceiling.map((x) => x.commitsPerSegment).join(" / ")} |`,
      );
    }
  }
  return lines;
}

/** CPU the web side (planning, dispatching, storing audio) used during each approach, on the worker's cores. */
function webCpu(f: { seedWebCpuMs?: number; oursWebCpuMs?: number }): string {
  if (f.seedWebCpuMs === undefined || f.oursWebCpuMs === undefined) return "";
  return `; web process CPU ${(f.seedWebCpuMs / 1000).toFixed(1)} s vs ${(f.oursWebCpuMs / 1000).toFixed(1)} s`;
}
