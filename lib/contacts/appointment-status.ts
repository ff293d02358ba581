/**
 * Appointment statuses as practice-management exports write them, normalised to one small set. A status
 * the import does not know is kept out (the appointment counts as scheduled) and the report says so.
 */
export const APPOINTMENT_STATUSES = ["scheduled", "confirmed", "unconfirmed", "rescheduled", "cancelled", "broken", "no_show", "completed"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses whose appointment is never reminded: it will not take place, or it already has. */
export const NOT_REMINDED_STATUSES = ["cancelled", "broken", "no_show", "completed"] as const satisfies readonly AppointmentStatus[];

export function isReminded(status: AppointmentStatus | null): boolean {
  return status === null || !(NOT_REMINDED_STATUSES as readonly string[]).includes(status);
}

/** Words of a left-out reason: "appointment cancelled (2)". */
export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: "scheduled",
  confirmed: "confirmed",
  unconfirmed: "unconfirmed",
  rescheduled: "rescheduled",
  cancelled: "cancelled",
  broken: "broken",
  no_show: "no-show",
  completed: "completed",
};

// Keys: the value lower-cased with everything but letters and digits removed ("x - Cancelled" → "xcancelled").
const STATUS_ALIASES: Record<AppointmentStatus, readonly string[]> = {
  scheduled: [
    "scheduled", "schedule", "sched", "booked", "book", "show", "future", "ffuture", "f", "open", "oopen", "asap", "pending", "active", "new", "tentative",
    "here", "ready", "chair", "arrived", "checkedin", "checkin", "2checkedin", "late", "inprogress", "waiting", "seated",
  ],
  confirmed: ["confirmed", "confirm", "conf", "firm", "firme", "c", "yes", "leftmessageconfirmed", "patientconfirmed", "emailconfirmed", "textconfirmed"],
  unconfirmed: ["unconfirmed", "notconfirmed", "unconf", "leftmessage", "lmm", "lmp", "messageleft", "noanswer"],
  rescheduled: ["rescheduled", "resched", "moved", "reschedule"],
  cancelled: [
    "cancelled", "canceled", "cancel", "canc", "cxl", "x", "xcancelled", "xcanceled", "latecancelled", "latecanceled", "clientcancelled", "clientcanceled",
    "cliniciancancelled", "cliniciancanceled", "patientcancelled", "patientcanceled", "officecancelled", "officecanceled", "unschedlist", "unscheduled", "deleted",
  ],
  broken: ["broken", "brokenappointment", "brokenappt", "failed", "missed", "fta", "failedtoarrive"],
  no_show: ["noshow", "noshowed", "ns", "didnotshow", "dns", "didnotattend", "dna", "nshow"],
  completed: [
    "completed", "complete", "done", "checkedout", "checkout", "3checkedout", "4chargeentered", "chargeentered", "attended", "seen", "kept", "fulfilled",
    "ptnotecompleted", "finished",
  ],
};

const STATUS_BY_ALIAS = new Map<string, AppointmentStatus>(
  Object.entries(STATUS_ALIASES).flatMap(([status, aliases]) => aliases.map((alias) => [alias, status as AppointmentStatus] as const)),
);

/**
 * "Cancelled", "Canceled", "x - Cancelled", "No Show", "Complete", "ASAP" … → the normalised status; null
 * for an empty cell; "unknown" for a value the import does not know. Dentrix writes an unconfirmed
 * appointment as "??????".
 */
export function normaliseAppointmentStatus(value: string): AppointmentStatus | null | "unknown" {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\?+$/.test(trimmed)) return "unconfirmed";
  const key = trimmed.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}]+/gu, "");
  return STATUS_BY_ALIAS.get(key) ?? "unknown";
}
