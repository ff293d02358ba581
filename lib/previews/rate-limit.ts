import type { DbOrTx } from "@/lib/db";
import { takeRateLimit, type RateLimited, type RateLimitRule } from "@/lib/rate-limits";
import type { Result } from "@/lib/result";

/**
 * Public preview pages and their audio need no sign-in, so each client gets a budget: enough to play a
 * 20-message preview and seek around in it (Range requests), far too little to enumerate tokens. The
 * budget lives in the database, shared by every web process.
 */
export const PREVIEW_REQUESTS_PER_MINUTE = 240;

const PREVIEW_RULE: RateLimitRule = { name: "preview", limit: PREVIEW_REQUESTS_PER_MINUTE, windowSeconds: 60 };

export function limitPreviewRequest(db: DbOrTx, clientKey: string): Promise<Result<true, RateLimited>> {
  return takeRateLimit(db, PREVIEW_RULE, clientKey);
}
