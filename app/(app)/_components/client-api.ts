import type { Result } from "@/lib/result";

/** Fetches JSON from our own API and throws an Error carrying the server's plain message on failure. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `The server answered ${res.status}. Try again.`);
  return body as T;
}

/** Server actions return a Result; React Query mutations want a thrown Error for the failure path. */
export async function unwrap<T>(promise: Promise<Result<T, { message: string }>>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/**
 * A time-left estimate as people say it: the point value, then its range when the ends differ once rounded
 * ("about 5m", "about 40s (36s–44s)").
 */
export function formatEtaRange(eta: { seconds: number; lowSeconds: number; highSeconds: number }): string {
  const low = formatRounded(eta.lowSeconds);
  const high = formatRounded(eta.highSeconds);
  const point = `about ${formatRounded(eta.seconds)}`;
  return low === high ? point : `${point} (${low}–${high})`;
}

/** Seconds to their largest unit or two ("45s", "12m", "1h 40m"): a range needs no more precision. */
function formatRounded(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  const m = Math.round(seconds / 60);
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null) return "unknown yet";
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
