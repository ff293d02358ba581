import { lt, sql } from "drizzle-orm";
import { rateLimits } from "@/drizzle/schema";
import type { DbOrTx } from "@/lib/db";

/**
 * Counts one hit for `key` in its current window and returns the count including this hit. One upsert: the
 * row lock makes concurrent hits from several processes count one after another, never both as the 5th.
 * The database clock decides windows, so web instances with skewed clocks agree.
 */
export async function incrementRateLimit(db: DbOrTx, key: string, windowSeconds: number): Promise<{ hits: number; retryAfterSeconds: number }> {
  const expired = sql`${rateLimits.resetsAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, hits: 1, resetsAt: sql`now() + make_interval(secs => ${windowSeconds})` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`case when ${expired} then 1 else ${rateLimits.hits} + 1 end`,
        resetsAt: sql`case when ${expired} then excluded.resets_at else ${rateLimits.resetsAt} end`,
      },
    })
    .returning({
      hits: rateLimits.hits,
      retryAfterSeconds: sql<number>`greatest(1, ceil(extract(epoch from ${rateLimits.resetsAt} - now())))::int`,
    });
  return row!;
}

/** Forgets windows that ended; a new hit would start from zero anyway. */
export async function deleteExpiredRateLimits(db: DbOrTx): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.resetsAt, sql`now()`));
}
