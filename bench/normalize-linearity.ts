/**
 * Speech normalisation on hostile input: for each run that used to make a pattern quadratic or slow, and for
 * runs of units fast-check generates (fixed seed), the time of 100,000 characters over the time of 10,000
 * (linear ≈ 10, quadratic ≈ 100; target < 15), and the time of 1,000,000 characters (target well under a
 * second). CPU ms of normalizeForSpeech + splitSentences, after a warm-up, best of 15 (100k: of 7, 1M: of 3). Run: `npx tsx bench/normalize-linearity.ts`.
 */
import fc from "fast-check";
import { normalizeForSpeech, splitSentences } from "@/lib/speech";

const FAMILIES = [" ", "\n", "\t", " \n", "a", "aa.", "a.", "a-", "1", "1.", "1%", "1 ", "1.1", ".", "'", ":", " ,", "x .", "_", "www.", "a@", "A.", "(("];
const GENERATED = fc.sample(fc.string({ unit: "binary", minLength: 1, maxLength: 4 }), { seed: 12, numRuns: 8 });
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// CPU time of this process, not wall time: on a shared machine other processes' load stays out of it.
function ms(text: string): number {
  const started = process.cpuUsage();
  splitSentences(normalizeForSpeech(text));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

// Best of several, so one pause of another process (or of the compiler) does not decide a result.
const best = (text: string, runs: number) => Math.min(...Array.from({ length: runs }, () => ms(text)));

let slowest = { unit: "", ms: 0 };
let steepest = { unit: "", ratio: 0 };
console.log("run          10k ms   100k ms   ratio    1M ms");
for (const unit of [...FAMILIES, ...GENERATED]) {
  ms(repeatTo(unit, 100_000));
  const small = best(repeatTo(unit, 10_000), 15);
  const large = best(repeatTo(unit, 100_000), 7);
  const huge = best(repeatTo(unit, 1_000_000), 3);
  const ratio = large / small;
  if (huge > slowest.ms) slowest = { unit, ms: huge };
  if (ratio > steepest.ratio) steepest = { unit, ratio };
  const row = [JSON.stringify(unit).padEnd(10), small.toFixed(1).padStart(8), large.toFixed(1).padStart(9), ratio.toFixed(1).padStart(7), huge.toFixed(0).padStart(8)];
  console.log(row.join(" "));
}
console.log(`slowest 1M: ${JSON.stringify(slowest.unit)} ${slowest.ms.toFixed(0)} ms; largest ratio: ${JSON.stringify(steepest.unit)} ${steepest.ratio.toFixed(1)}`);
