/**
 * Speech normalisation on hostile input: for each run that used to make a pattern quadratic, the time of
 * 100,000 characters over the time of 10,000 (linear ≈ 10, quadratic ≈ 100; target < 15), and the time of
 * 1,000,000 characters (CPU ms of normalizeForSpeech + splitSentences). Run: `npx tsx bench/normalize-linearity.ts`.
 */
import { normalizeForSpeech, splitSentences } from "@/lib/speech";

const FAMILIES = [" ", "\n", "\t", "a", "aa.", "a-", ".", "'", ":", " ,", "a@", "www.", "1", "1.", "1%", "1 ", "1.1"];
const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// CPU time of this process, not wall time: on a shared machine other processes' load stays out of it.
function ms(text: string): number {
  const started = process.cpuUsage();
  splitSentences(normalizeForSpeech(text));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

// Best of three, so one pause of another process does not decide a ratio.
const best = (text: string) => Math.min(ms(text), ms(text), ms(text));

console.log("run        10k ms   100k ms   ratio    1M ms");
for (const unit of FAMILIES) {
  ms(repeatTo(unit, 10_000));
  const small = best(repeatTo(unit, 10_000));
  const large = best(repeatTo(unit, 100_000));
  const huge = ms(repeatTo(unit, 1_000_000));
  const row = [JSON.stringify(unit).padEnd(8), small.toFixed(1).padStart(8), large.toFixed(1).padStart(9), (large / small).toFixed(1).padStart(7), huge.toFixed(0).padStart(8)];
  console.log(row.join(" "));
}
