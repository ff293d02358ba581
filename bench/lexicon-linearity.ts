/**
 * The pronunciation dictionary on long and hostile text: time of 1,000,000 characters over 100,000 (linear ≈ 10,
 * quadratic ≈ 100) for each kind of text, in CPU time, and the time with 2,000 entries over the time with one (one word trie,
 * so ≈ 1, not 2,000). Run: `npx tsx bench/lexicon-linearity.ts`.
 */
import { Lexicon } from "@/lib/lexicon/matcher";

const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const one = new Lexicon([{ term: "Nguyen Van", sayAs: "win vahn" }]);
const many = new Lexicon([
  { term: "Nguyen Van", sayAs: "win vahn" },
  ...Array.from({ length: 1_999 }, (_, i) => ({ term: `Name${i} Nguyen Van Thi`, sayAs: `say ${i}` })),
]);
// Texts that make a matcher look ahead at every word (the start of a several-word entry, over and over),
// runs of separators, apostrophes and possessives, and ordinary sentences.
const FAMILIES = ["Nguyen ", "Nguyen Van ", "Name1 Nguyen Van ", "Nguyen's ", "'", " ", "-", "a", "Hi Siobhán, your visit is on Tuesday. "];

// CPU time of this process, not wall time: on a shared machine other processes' load does not count.
function ms(lexicon: Lexicon, text: string): number {
  const started = process.cpuUsage();
  lexicon.apply(text);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
// Best of five, so one garbage collection does not decide a ratio.
const best = (lexicon: Lexicon, text: string) => Math.min(...Array.from({ length: 5 }, () => ms(lexicon, text)));

console.log("text                       100k ms    1M ms   ratio   2,000 entries ÷ 1 (1M)");
for (const unit of FAMILIES) {
  const small = repeatTo(unit, 100_000);
  const large = repeatTo(unit, 1_000_000);
  ms(many, small);
  const a = best(many, small);
  const b = best(many, large);
  const single = best(one, large);
  console.log([JSON.stringify(unit).padEnd(24), a.toFixed(1).padStart(9), b.toFixed(0).padStart(8), (b / a).toFixed(1).padStart(7), (b / single).toFixed(2).padStart(12)].join(" "));
}
