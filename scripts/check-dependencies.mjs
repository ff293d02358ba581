#!/usr/bin/env node
// Runs dependency-cruiser with .dependency-cruiser.cjs over the given folders, then applies the folder rule:
// every folder right below lib/ (and every file at lib/'s top) is one unit, and no cycle may run between
// units, even when no single file reaches itself (madge and dependency-cruiser see only file cycles).
// Exits 1 on any rule violation, any folder dependency that closes a loop and is not in the config's
// known list, or a listed one that no longer exists.
//
//   node scripts/check-dependencies.mjs [--config file] [--cwd dir] folder...
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The dependencies between units that close a loop: every unit-to-unit edge whose two ends reach each other
 * (they lie in one strongly connected group). Any new loop adds at least one such edge, so a list of the
 * known ones lets the loops of today stand while every new one fails. Each comes with the file imports that
 * make it and the shortest way back, e.g. { edge: "lib/a -> lib/b", loop: "lib/a -> lib/b -> lib/a" }.
 */
export function findLoopEdges(edges, unitPattern) {
  const pattern = new RegExp(unitPattern);
  const unitOf = (file) => file.match(pattern)?.[0] ?? null;
  /** unit -> unit -> the file imports behind it */
  const graph = new Map();
  for (const [from, to] of edges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === null || b === null || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Map());
    if (!graph.has(b)) graph.set(b, new Map());
    const imports = graph.get(a);
    imports.set(b, [...(imports.get(b) ?? []), `${from} -> ${to}`]);
  }
  const found = [];
  for (const [a, targets] of graph) {
    for (const [b, imports] of targets) {
      const back = shortestPath(graph, b, a);
      if (back) found.push({ edge: `${a} -> ${b}`, loop: [a, ...back].join(" -> "), imports: [...new Set(imports)].sort() });
    }
  }
  return found.sort((x, y) => x.edge.localeCompare(y.edge));
}

/** The units from `start` to `goal`, both included, by breadth-first search; null when there is no way. */
function shortestPath(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === goal) {
      const path = [v];
      while (previous.get(path[0]) !== null) path.unshift(previous.get(path[0]));
      return path;
    }
    for (const w of [...graph.get(v).keys()].sort()) {
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { config: { type: "string" }, cwd: { type: "string" } } });
  const cwd = path.resolve(values.cwd ?? process.cwd());
  const configFile = path.resolve(cwd, values.config ?? ".dependency-cruiser.cjs");
  const config = createRequire(import.meta.url)(configFile);
  if (!config.folderCycles) throw new Error(`${configFile} has no folderCycles (the unit pattern and the known cycles).`);
  if (positionals.length === 0) throw new Error("Name the folders to check, e.g. app lib workers drizzle bench.");

  const depcruise = path.join(root, "node_modules/.bin/depcruise");
  const { stdout } = await promisify(execFile)(depcruise, ["--config", configFile, "--output-type", "json", ...positionals], {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
  });
  const result = JSON.parse(stdout);
  const problems = [];
  for (const v of result.summary.violations) {
    if (v.rule.severity === "error") problems.push(`${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name ?? c).join(" -> ")})` : ""}`);
  }
  const edges = result.modules.flatMap((m) => m.dependencies.filter((d) => !d.couldNotResolve && !d.coreModule).map((d) => [m.source, d.resolved]));
  const loops = findLoopEdges(edges, config.folderCycles.unit);
  const known = new Set(config.folderCycles.known);
  for (const loop of loops) {
    if (!known.has(loop.edge)) problems.push(`no-folder-cycle: ${loop.edge} closes the loop ${loop.loop}, by ${loop.imports.join(", ")}`);
  }
  for (const edge of known) {
    if (!loops.some((loop) => loop.edge === edge)) problems.push(`no-folder-cycle: the known violation "${edge}" is gone; delete it from the list in ${path.basename(configFile)}`);
  }
  const knownFound = loops.filter((loop) => known.has(loop.edge));
  if (knownFound.length > 0) {
    console.log(`known folder-cycle violations (listed in ${path.basename(configFile)}): ${knownFound.length}\n  ${knownFound.map((l) => `${l.edge}   [${l.loop}]`).join("\n  ")}`);
  }
  if (problems.length > 0) {
    console.error(`dependency rules broken:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log(`dependency rules: ${result.summary.totalCruised} modules, no new folder cycle, no file cycle`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
