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

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null) return "unknown yet";
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
