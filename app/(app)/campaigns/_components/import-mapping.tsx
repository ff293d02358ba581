"use client";

import type { ColumnRole, ImportPreview, PhoneField } from "@/lib/contacts";

/** What each role is called on screen, in the order the menu lists them. */
export const ROLE_LABELS: [ColumnRole, string][] = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["fullName", "Full name (or “Last, First”)"],
  ["phone", "Mobile phone"],
  ["homePhone", "Home phone"],
  ["workPhone", "Work phone"],
  ["email", "Email"],
  ["appointmentDate", "Appointment date"],
  ["appointmentTime", "Appointment time"],
  ["appointmentDateTime", "Appointment date and time"],
  ["provider", "Provider"],
  ["location", "Location"],
  ["status", "Appointment status"],
  ["externalId", "Patient ID"],
  ["language", "Language"],
  ["timezone", "Time zone"],
  ["optOut", "Do not call (yes/no)"],
  ["custom", "Custom field"],
  ["ignore", "Ignore this column"],
];

const PHONE_LABELS: Record<PhoneField, string> = { phone: "mobile phone", homePhone: "home phone", workPhone: "work phone" };

const STATUS_WORDS: Record<string, string> = {
  scheduled: "Scheduled",
  confirmed: "Confirmed",
  unconfirmed: "Unconfirmed",
  rescheduled: "Rescheduled",
  cancelled: "Cancelled",
  broken: "Broken",
  no_show: "No-show",
  completed: "Completed",
};

export function statusWord(status: string | null | undefined): string {
  return status ? (STATUS_WORDS[status] ?? status) : "—";
}

export type MappingDraft = { columns: Record<string, ColumnRole>; phoneOrder: PhoneField[] };

export function draftOf(preview: ImportPreview): MappingDraft {
  return { columns: Object.fromEntries(preview.columns.map((c) => [c.header, c.role])), phoneOrder: preview.phoneOrder };
}

/**
 * The mapping step: each column of the file with the product's guess, the order the phones are tried,
 * and the first rows as they would be stored. The preview is fetched again after every change.
 */
export function MappingStep({
  preview,
  draft,
  onChange,
  onImport,
  onCancel,
  pending,
  importing,
  fileName,
}: {
  preview: ImportPreview;
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
  onImport: () => void;
  onCancel: () => void;
  pending: boolean;
  importing: boolean;
  fileName: string;
}) {
  const phones = draft.phoneOrder.filter((f) => Object.values(draft.columns).includes(f));
  const reason = preview.source === "known" && preview.system
    ? `Read as a ${preview.system.name} export.`
    : preview.source === "remembered"
      ? "Read with the columns you chose for the last file with these headers."
      : preview.source === "given"
        ? "Your choices are applied to the rows below."
      : preview.complete
        ? "Every column the import needs was found."
        : "Some columns could not be matched. Choose what each column holds.";
  return (
    <section aria-labelledby="mapping-title" className="space-y-4 rounded-lg border border-indigo-200 bg-white p-3 sm:p-4" data-testid="import-mapping">
      <div>
        <h3 id="mapping-title" className="text-base font-semibold text-slate-900">
          Match the columns of {fileName}
        </h3>
        <p className="text-sm text-slate-700" data-testid="mapping-reason">
          {reason} The choice is remembered for the next file with the same columns.
        </p>
      </div>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
        {preview.columns.map((c) => {
          const id = `mapping-role-${c.index}`;
          return (
            <li key={c.index} className="grid gap-1 px-3 py-2 sm:grid-cols-[minmax(0,12rem)_minmax(0,15rem)_minmax(0,1fr)] sm:items-center sm:gap-3">
              <label htmlFor={id} className="truncate text-sm font-medium text-slate-900" title={c.header}>
                {c.header || `Column ${c.index + 1}`}
              </label>
              <select
                id={id}
                className={`input py-1 ${c.recognised ? "" : "border-amber-400"}`}
                value={draft.columns[c.header] ?? c.role}
                onChange={(e) => onChange({ ...draft, columns: { ...draft.columns, [c.header]: e.target.value as ColumnRole } })}
              >
                {ROLE_LABELS.map(([role, label]) => (
                  <option key={role} value={role}>
                    {label}
                  </option>
                ))}
              </select>
              <span className="truncate text-xs text-slate-600" title={c.samples.join(" · ")}>
                {c.samples.length > 0 ? `e.g. ${c.samples.join(" · ")}` : "empty in the first rows"}
              </span>
            </li>
          );
        })}
      </ul>
      {phones.length > 1 && (
        <div>
          <label htmlFor="mapping-phone-first" className="label">
            Which phone is called
          </label>
          <select
            id="mapping-phone-first"
            className="input w-auto max-w-full py-1"
            value={phones[0]}
            onChange={(e) => {
              const first = e.target.value as PhoneField;
              onChange({ ...draft, phoneOrder: [first, ...draft.phoneOrder.filter((f) => f !== first)] });
            }}
          >
            {phones.map((f) => (
              <option key={f} value={f}>
                The {PHONE_LABELS[f]} first, then {phones.filter((o) => o !== f).map((o) => PHONE_LABELS[o]).join(", then ")}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-slate-600">When a contact has no callable number in the first, the next one is called.</p>
        </div>
      )}
      {preview.problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="mapping-problem">
          {preview.problem}
        </p>
      ) : (
        <div className="rounded-md border border-slate-200">
          <p id="mapping-preview-title" className="bg-slate-50 px-3 py-1.5 text-sm font-medium text-slate-900">
            First rows as they will be saved ({preview.rowsTotal.toLocaleString("en-US")} in the file{preview.rowsFailed > 0 ? `, ${preview.rowsFailed} with a problem` : ""})
          </p>
          <div className="relative overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm" aria-labelledby="mapping-preview-title" data-testid="mapping-preview">
            <thead className="bg-white text-xs text-slate-600">
              <tr>
                {["Name", "Phone", "Appointment", "Status", "Language", "Patient ID"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-1.5 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white">
              {preview.rows.map((r) => (
                <tr key={r.row}>
                  <td className="px-3 py-1.5">{[r.firstName, r.lastName].filter(Boolean).join(" ") || "—"}</td>
                  <td className="px-3 py-1.5 tabular-nums">{r.phone}</td>
                  <td className="px-3 py-1.5 tabular-nums">{r.appointment?.local ?? "—"}</td>
                  <td className="px-3 py-1.5">{statusWord(r.appointment?.status)}</td>
                  <td className="px-3 py-1.5">{r.language ?? "—"}</td>
                  <td className="px-3 py-1.5">{r.externalId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      )}
      {preview.errors.length > 0 && (
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer">{preview.errors.length} row problem(s) with this mapping</summary>
          <ul className="mt-1 list-disc pl-5">
            {preview.errors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </details>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" onClick={onImport} disabled={pending || importing || preview.problem !== null} data-testid="mapping-import">
          {importing ? "Importing…" : pending ? "Checking…" : preview.problem ? "Import" : `Import ${preview.rowsTotal.toLocaleString("en-US")} rows`}
        </button>
        <button type="button" className="btn" onClick={onCancel} disabled={importing}>
          Cancel
        </button>
      </div>
    </section>
  );
}
