import { expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { takeRateLimit } from "@/lib/rate-limits";
import { describeEachDatabase } from "../../helpers/test-db";

const RULE = { name: "test", limit: 5, windowSeconds: 60 };

describeEachDatabase("rate limits kept in the database", (getDb) => {
  it("lets exactly the budget through when many requests race, and tells the rest when to retry", async () => {
    const { db } = getDb();
    const results = await Promise.all(Array.from({ length: 30 }, () => takeRateLimit(db, RULE, "203.0.113.1")));
    expect(results.filter((r) => r.ok)).toHaveLength(RULE.limit);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      if (!r.ok) expect(r.error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      if (!r.ok) expect(r.error.retryAfterSeconds).toBeLessThanOrEqual(RULE.windowSeconds);
    }
    // Another client, and the same client under another rule, have budgets of their own.
    expect((await takeRateLimit(db, RULE, "198.51.100.2")).ok).toBe(true);
    expect((await takeRateLimit(db, { ...RULE, name: "other" }, "203.0.113.1")).ok).toBe(true);
  });

  it("starts a new window once the old one has ended", async () => {
    const { db } = getDb();
    const rule = { name: "short", limit: 1, windowSeconds: 1 };
    expect((await takeRateLimit(db, rule, "a")).ok).toBe(true);
    expect((await takeRateLimit(db, rule, "a")).ok).toBe(false);
    await expect.poll(async () => (await takeRateLimit(db, rule, "a")).ok, { timeout: 5_000, interval: 250 }).toBe(true);
  });

  it("shares one budget between two connection pools, as two web processes would", async ({ skip }) => {
    const database = getDb();
    if (!database.url) skip("PGlite is single-process: one connection is all there is");
    const other = await openDatabase({ kind: "postgres", url: database.url!, max: 5 });
    try {
      const pools = [database.db, other.db];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => takeRateLimit(pools[i % 2]!, RULE, "192.0.2.7")));
      expect(results.filter((r) => r.ok)).toHaveLength(RULE.limit);
    } finally {
      await other.close();
    }
  });
});
