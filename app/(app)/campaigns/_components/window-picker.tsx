"use client";

import { appointmentWindowSchema, describeAppointmentWindow, MAX_WINDOW_DAYS, type AppointmentWindow } from "@/lib/contacts/appointment-window";

/** The builder's appointment window as plain fields, so the unsaved-changes check can compare them. */
export type WindowDraft = { kind: AppointmentWindow["kind"]; days: number; date: string; to: string };

export const DEFAULT_WINDOW: WindowDraft = { kind: "tomorrow", days: 2, date: "", to: "" };

const KINDS: { kind: WindowDraft["kind"]; label: string }[] = [
  { kind: "tomorrow", label: "tomorrow" },
  { kind: "inDays", label: "in a number of days" },
  { kind: "date", label: "on a date" },
  { kind: "range", label: "between two dates" },
  { kind: "nextDays", label: "from now through a number of days" },
];

/** The window the fields describe, or null while they do not make one (an empty date, 0 days…). */
export function windowOfDraft(draft: WindowDraft): AppointmentWindow | null {
  const candidate =
    draft.kind === "tomorrow"
      ? { kind: "tomorrow" }
      : draft.kind === "inDays" || draft.kind === "nextDays"
        ? { kind: draft.kind, days: draft.days }
        : draft.kind === "date"
          ? { kind: "date", date: draft.date }
          : { kind: "range", from: draft.date, to: draft.to };
  const parsed = appointmentWindowSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

export function draftOfWindow(window: AppointmentWindow | undefined): WindowDraft {
  if (!window) return DEFAULT_WINDOW;
  switch (window.kind) {
    case "tomorrow":
      return DEFAULT_WINDOW;
    case "inDays":
    case "nextDays":
      return { ...DEFAULT_WINDOW, kind: window.kind, days: window.days };
    case "date":
      return { ...DEFAULT_WINDOW, kind: "date", date: window.date };
    case "range":
      return { ...DEFAULT_WINDOW, kind: "range", date: window.from, to: window.to };
  }
}

/** Equal as far as saving goes: only the fields the kind uses. */
export function sameWindow(a: WindowDraft, b: WindowDraft): boolean {
  const x = windowOfDraft(a);
  const y = windowOfDraft(b);
  return a.kind === b.kind && JSON.stringify(x) === JSON.stringify(y) && (x !== null || JSON.stringify(a) === JSON.stringify(b));
}

/**
 * Which appointments: tomorrow, in N days, on a date, between two dates, or from now through N days; all
 * calendar days in the organisation's time zone, said back in words with the dates they mean.
 */
export function WindowPicker({
  label,
  value,
  timezone,
  onChange,
  onFocus,
}: {
  label: string;
  value: WindowDraft;
  timezone: string;
  onChange: (value: WindowDraft) => void;
  onFocus?: () => void;
}) {
  const window = windowOfDraft(value);
  const set = (patch: Partial<WindowDraft>) => onChange({ ...value, ...patch });
  return (
    <>
      <select aria-label={label} className="input w-auto max-w-full py-1" value={value.kind} onFocus={onFocus} onChange={(e) => set({ kind: e.target.value as WindowDraft["kind"] })}>
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {(value.kind === "inDays" || value.kind === "nextDays") && (
        <>
          <input
            type="number"
            inputMode="numeric"
            min={value.kind === "inDays" ? 0 : 1}
            max={MAX_WINDOW_DAYS}
            aria-label={`${label}: days`}
            aria-invalid={window === null}
            className="input w-20 py-1"
            value={Number.isNaN(value.days) ? "" : value.days}
            onFocus={onFocus}
            onChange={(e) => set({ days: e.target.valueAsNumber })}
          />
          <span>{value.days === 1 ? "day" : "days"}</span>
        </>
      )}
      {(value.kind === "date" || value.kind === "range") && (
        <input type="date" aria-label={value.kind === "range" ? `${label}: first day` : `${label}: date`} aria-invalid={window === null} className="input w-auto py-1" value={value.date} onFocus={onFocus} onChange={(e) => set({ date: e.target.value })} />
      )}
      {value.kind === "range" && (
        <>
          <span>to</span>
          <input type="date" aria-label={`${label}: last day`} aria-invalid={window === null} className="input w-auto py-1" value={value.to} min={value.date || undefined} onFocus={onFocus} onChange={(e) => set({ to: e.target.value })} />
        </>
      )}
      <span className="basis-full text-xs text-slate-600" data-testid="window-description">
        {window ? `Appointments ${describeAppointmentWindow(window, timezone, new Date())}, ${timezone} time.` : windowHint(value)}
      </span>
    </>
  );
}

function windowHint(value: WindowDraft): string {
  if (value.kind === "inDays") return `Enter 0 (today) to ${MAX_WINDOW_DAYS} days.`;
  if (value.kind === "nextDays") return `Enter 1 to ${MAX_WINDOW_DAYS} days.`;
  if (value.kind === "date") return "Choose a date.";
  return "Choose the first and the last day (the last on or after the first).";
}
