import { roleAtLeast, type Role } from "@/lib/values/roles";

export type WorkerView = { key: string; label: string; ready: boolean; inFlight: number | null; detail: string | null };

/**
 * What the status page shows of each voice worker. Owners and admins, who run the install, see its address
 * and the raw error of its last check; office staff see whether it is ready, in words, and who to ask.
 */
export function viewWorkers(workers: readonly { url: string; ready: boolean; inFlight: number; error: string | null }[], role: Role): WorkerView[] {
  const technical = roleAtLeast(role, "admin");
  return workers.map((w, i) => ({
    key: String(i),
    label: technical ? w.url : `Voice worker ${i + 1}`,
    ready: w.ready,
    inFlight: w.ready ? w.inFlight : null,
    detail: w.error === null ? null : technical ? w.error : "Not reachable right now. An owner or admin of your organisation can see why on this page.",
  }));
}

/** The fallback warning: its text for owners and admins, a summary for staff. */
export function viewFallbackWarning(warning: string | null | undefined, role: Role): string {
  if (!warning) return "the basic offline voice instead of Kokoro.";
  return roleAtLeast(role, "admin") ? warning : "the voice worker is not using its usual voice model, so messages may sound robotic. An owner or admin can see the details here.";
}
