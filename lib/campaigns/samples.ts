/** A candidate sample: its value for each of the template's variables ("" when missing), in template order. */
export type SampleCandidate = { values: readonly string[]; missing: readonly string[] };

/**
 * Picks up to `limit` candidates that together show the most the template can sound like: first one whose
 * message misses a value (if any does: that is the message to fix), then, greedily, the one that adds the
 * most values not shown yet. Ties keep the earlier candidate, so the choice is stable. Returns indexes.
 */
export function pickVariedSamples(candidates: readonly SampleCandidate[], limit: number): number[] {
  const picked: number[] = [];
  const seen = candidates[0]?.values.map(() => new Set<string>()) ?? [];
  const take = (i: number) => {
    picked.push(i);
    candidates[i]!.values.forEach((value, v) => seen[v]!.add(value));
  };
  const firstMissing = candidates.findIndex((c) => c.missing.length > 0);
  if (firstMissing !== -1 && limit > 0) take(firstMissing);
  while (picked.length < Math.min(limit, candidates.length)) {
    let best = -1;
    let bestScore = -1;
    candidates.forEach((c, i) => {
      if (picked.includes(i)) return;
      const score = c.values.reduce((n, value, v) => n + (seen[v]!.has(value) ? 0 : 1), 0);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    take(best);
  }
  return picked;
}
