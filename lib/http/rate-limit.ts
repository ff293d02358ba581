/**
 * The client address as the edge saw it: the first X-Forwarded-For hop when a proxy set one, else X-Real-IP.
 * Only meaningful behind a proxy that overwrites these headers; a direct client can forge them, so limits
 * keyed on it are a courtesy, not a security boundary.
 */
export function clientKey(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || headers.get("x-real-ip")?.trim() || "unknown").slice(0, 64);
}
