import type { MembershipRole } from "@/drizzle/schema";

/**
 * The roles of an organisation, least first. Each one may do everything the ones before it may:
 * - `staff`: the day-to-day work. Contacts (import, edit, delete, do-not-call), lists, campaigns (build,
 *   launch, cancel, retry, export for the phone system, preview links), pronunciations and voice mixes, and
 *   reading the organisation's settings and schedules.
 * - `admin`: what changes how the whole clinic works, or sends patient data out of the app with nobody
 *   looking: organisation settings, webhook endpoints (every delivery carries patients' phone numbers and
 *   30-day audio links), API keys (a key reads every contact) and schedules (they launch campaigns by themselves).
 * - `owner`: one per organisation; who works here: adding and removing people, changing their roles,
 *   handing ownership to someone else.
 */
export const ROLES = ["staff", "admin", "owner"] as const satisfies readonly MembershipRole[];
export type Role = MembershipRole;

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", staff: "Staff" };

/** Whether `role` may do what needs at least `least`. */
export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** Who may do what needs `least`, in words ("an admin or the owner"). */
export function whoMay(least: Role): string {
  if (least === "owner") return "the owner";
  if (least === "admin") return "an admin or the owner";
  return "any member";
}
