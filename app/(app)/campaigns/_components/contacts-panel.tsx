"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { StaleCampaign } from "@/lib/campaigns";
import type { ImportPreview, ImportReport } from "@/lib/contacts";
import { formatAppointmentWindowParam } from "@/lib/contacts/appointment-window";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";
import { useContactLists } from "../../_components/use-contact-lists";
import { draftOf, MappingStep, type MappingDraft } from "./import-mapping";
import { windowOfDraft, WindowPicker, type WindowDraft } from "./window-picker";

/** How many contacts there are, or how many have an appointment in the window (its query-string form). */
export function useContactCount(filter: { appointments?: string; listId?: string } = {}, enabled = true) {
  return useQuery({
    queryKey: queryKeys.contacts.count(filter),
    queryFn: async () => {
      const params = new URLSearchParams({ limit: "1" });
      if (filter.appointments !== undefined) params.set("appointments", filter.appointments);
      if (filter.listId !== undefined) params.set("listId", filter.listId);
      return (await fetchJson<{ total: number }>(`/api/contacts?${params}`)).total;
    },
    enabled,
  });
}

/** The builder's choice of recipients: kept as plain fields so the draft's unsaved-changes check can compare them. */
export type RecipientChoice = {
  recipientMode: "all" | "upcoming" | "contacts" | "list";
  window: WindowDraft;
  /** The list of the "list" choice ("" until one is picked); with `listWindow`, only its contacts with an appointment in `window`. */
  listId: string;
  listWindow: boolean;
};

/** The window's query-string form, or undefined while the fields do not make a window. */
function windowParam(window: WindowDraft): string | undefined {
  const w = windowOfDraft(window);
  return w ? formatAppointmentWindowParam(w) : undefined;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function countLabel(count: { isPending: boolean; isError: boolean; data?: number }): string {
  if (count.isPending) return "counting…";
  if (count.isError || count.data === undefined) return "could not count";
  return plural(count.data, "contact", "contacts");
}

/**
 * Who receives the campaign: everyone, or the contacts with an appointment in a window of days (tomorrow, a
 * date…; a clinic that imports every day's list reaches only the coming appointments). A draft made through
 * the API with a list of contacts keeps that list unless another choice is made.
 */
function RecipientsChoice({
  value,
  onChange,
  savedRecipients,
  timezone,
}: {
  value: RecipientChoice;
  onChange: (value: RecipientChoice) => void;
  savedRecipients: number | null;
  timezone: string;
}) {
  const all = useContactCount();
  const param = windowParam(value.window);
  const upcoming = useContactCount({ appointments: param }, param !== undefined);
  // The radio keeps its own column, so on a narrow screen the option's text wraps beside it, not below it.
  const option = "grid grid-cols-[auto_minmax(0,1fr)] items-start gap-x-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm [&>input]:mt-1 has-[>input:checked]:border-indigo-500 has-[>input:checked]:bg-indigo-50";
  const body = "flex flex-wrap items-center gap-x-2 gap-y-1";
  return (
    <fieldset className="space-y-2" data-testid="recipient-choice">
      <legend className="label mb-1">Who receives it</legend>
      <label className={option}>
        <input type="radio" name="recipient-mode" value="all" checked={value.recipientMode === "all"} onChange={() => onChange({ ...value, recipientMode: "all" })} />
        <span className={body}>
          <span>All contacts</span>
          <span className="text-slate-600 tabular-nums" data-testid="count-all">
            ({countLabel(all)})
          </span>
        </span>
      </label>
      <div className={option}>
        <input
          type="radio"
          id="recipient-mode-upcoming"
          name="recipient-mode"
          value="upcoming"
          checked={value.recipientMode === "upcoming"}
          onChange={() => onChange({ ...value, recipientMode: "upcoming" })}
        />
        <span className={body}>
          <label htmlFor="recipient-mode-upcoming">Contacts with an appointment</label>
          <WindowPicker
            label="Appointments"
            value={value.window}
            timezone={timezone}
            onFocus={() => value.recipientMode !== "upcoming" && onChange({ ...value, recipientMode: "upcoming" })}
            onChange={(window) => onChange({ ...value, recipientMode: "upcoming", window })}
          />
          <span className="text-slate-600 tabular-nums" data-testid="count-upcoming">
            ({param !== undefined ? countLabel(upcoming) : "choose the days"})
          </span>
        </span>
      </div>
      <ListChoice value={value} onChange={onChange} timezone={timezone} />
      {savedRecipients !== null && (
        <label className={option}>
          <input type="radio" name="recipient-mode" value="contacts" checked={value.recipientMode === "contacts"} onChange={() => onChange({ ...value, recipientMode: "contacts" })} />
          <span className={body}>The {plural(savedRecipients, "contact", "contacts")} chosen when this draft was created</span>
        </label>
      )}
    </fieldset>
  );
}

/** What POST /api/contacts/import answers: the report, and the launched campaigns it made stale. */
export type ImportResponse = Omit<ImportReport, "rescheduledContactIds"> & { staleCampaigns: StaleCampaign[] };

/** "Contacts in a list", optionally only those with an appointment in a window of days. */
function ListChoice({ value, onChange, timezone }: { value: RecipientChoice; onChange: (value: RecipientChoice) => void; timezone: string }) {
  const lists = useContactLists();
  const selected = value.recipientMode === "list";
  const param = value.listWindow ? windowParam(value.window) : undefined;
  const windowValid = !value.listWindow || param !== undefined;
  const count = useContactCount({ listId: value.listId, appointments: param }, selected && value.listId !== "" && windowValid);
  const option = "grid grid-cols-[auto_minmax(0,1fr)] items-start gap-x-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm [&>input]:mt-1 has-[>input:checked]:border-indigo-500 has-[>input:checked]:bg-indigo-50";
  const choose = (patch: Partial<RecipientChoice>) => onChange({ ...value, recipientMode: "list", ...patch });
  if (!lists.data || lists.data.length === 0) return null;
  return (
    <div className={option}>
      <input type="radio" id="recipient-mode-list" name="recipient-mode" value="list" checked={selected} onChange={() => choose({})} />
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <label htmlFor="recipient-mode-list">Contacts in the list</label>
        <select aria-label="List" className="input w-auto max-w-full py-1" value={value.listId} onChange={(e) => choose({ listId: e.target.value })} onFocus={() => !selected && choose({})}>
          <option value="">Choose a list…</option>
          {lists.data.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name} ({l.members.toLocaleString("en-US")})
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={value.listWindow} onChange={(e) => choose({ listWindow: e.target.checked })} />
          only with an appointment
        </label>
        {value.listWindow && <WindowPicker label="Appointments in the list" value={value.window} timezone={timezone} onChange={(window) => choose({ window })} />}
        {selected && value.listId !== "" && (
          <span className="text-slate-600 tabular-nums" data-testid="count-list">
            ({windowValid ? countLabel(count) : "choose the days"})
          </span>
        )}
      </span>
    </div>
  );
}

export function ContactsPanel({
  onImported,
  choice,
  onChoiceChange,
  savedRecipients,
  timezone,
}: {
  onImported: (report: ImportResponse) => void;
  choice: RecipientChoice;
  onChoiceChange: (choice: RecipientChoice) => void;
  /** Set for a draft whose recipients were given as a list of contacts: how many it has. */
  savedRecipients: number | null;
  /** The organisation's time zone: appointment windows are its calendar days. */
  timezone: string;
}) {
  const count = useContactCount();
  return (
    <div className="space-y-4">
      {count.data === 0 ? (
        <p className="text-sm text-slate-700" data-testid="contact-count">
          No contacts yet. Import a CSV to add some.
        </p>
      ) : (
        <RecipientsChoice value={choice} onChange={onChoiceChange} savedRecipients={savedRecipients} timezone={timezone} />
      )}
      <ContactImport onImported={onImported} />
    </div>
  );
}

/**
 * The contacts import: a CSV (optionally added to a list), with its report; on a new campaign and on the
 * Contacts page. The file is first read without writing: a file whose columns are all understood (a known
 * practice export, a mapping chosen before for these headers, or a phone and a name found) imports at
 * once; any other opens the mapping step. After an import, "Check the columns" opens it too.
 */
export function ContactImport({ onImported }: { onImported?: (report: ImportResponse) => void }) {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [listName, setListName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [mappingOpen, setMappingOpen] = useState(false);
  const preview = useMutation({
    mutationFn: async ({ file, mapping }: { file: File; mapping?: MappingDraft }) => {
      const form = new FormData();
      form.append("file", file);
      if (mapping) form.append("mapping", JSON.stringify(mapping));
      return fetchJson<ImportPreview>("/api/contacts/import/preview", { method: "POST", body: form });
    },
  });
  const upload = useMutation({
    mutationFn: async ({ file, mapping }: { file: File; mapping?: MappingDraft }) => {
      const form = new FormData();
      form.append("file", file);
      if (listName.trim() !== "") form.append("listName", listName.trim());
      if (mapping) form.append("mapping", JSON.stringify(mapping));
      return fetchJson<ImportResponse>("/api/contacts/import", { method: "POST", body: form });
    },
    onSuccess: (report) => {
      setMappingOpen(false);
      onImported?.(report);
      void client.invalidateQueries({ queryKey: queryKeys.contacts.all });
      void client.invalidateQueries({ queryKey: queryKeys.lists.all });
      void client.invalidateQueries({ queryKey: ["template-preview"] });
    },
    onSettled: () => {
      if (input.current) input.current.value = "";
    },
  });

  async function pick(files: FileList | null) {
    const picked = files?.[0];
    if (!picked) return;
    setFile(picked);
    upload.reset();
    setMappingOpen(false);
    let read: ImportPreview;
    try {
      read = await preview.mutateAsync({ file: picked });
    } catch {
      // The preview's error is shown below; the file could not be read at all.
      if (input.current) input.current.value = "";
      return;
    }
    setDraft(draftOf(read));
    if (read.complete) upload.mutate({ file: picked });
    else setMappingOpen(true);
  }

  function changeMapping(next: MappingDraft) {
    setDraft(next);
    if (file) preview.mutate({ file, mapping: next });
  }

  async function openMapping() {
    if (!file) return;
    setMappingOpen(true);
    if (!preview.data) setDraft(draftOf(await preview.mutateAsync({ file })));
  }

  const busy = upload.isPending || (preview.isPending && !mappingOpen);
  const report = upload.data;
  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="import-list-name" className="label">
          Add the imported contacts to a list <span className="font-normal text-slate-600">(optional; created if new)</span>
        </label>
        <input id="import-list-name" className="input" list="import-list-names" maxLength={120} value={listName} onChange={(e) => setListName(e.target.value)} placeholder="e.g. Monday schedule" />
        <ImportListNames />
      </div>
      <label
        htmlFor="contacts-file"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void pick(e.dataTransfer.files);
        }}
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600 ${
          dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50 hover:bg-slate-100"
        }`}
      >
        <span className="font-medium text-slate-800">{upload.isPending ? "Importing…" : preview.isPending && !mappingOpen ? "Reading the file…" : "Drop a CSV here or choose a file"}</span>
        <span id="contacts-file-columns" className="text-xs text-slate-600">
          Columns: first name, last name, phone, email, appointment date and time, provider, location, status, language, plus any of your own. Exports of Open Dental, Dentrix, Eaglesoft, athenaOne and SimplePractice are read as they are.
        </span>
        <input
          ref={input}
          id="contacts-file"
          // The columns hint describes the file; as part of its name it would read as a "First name" field.
          aria-label="Contacts CSV file"
          aria-describedby="contacts-file-columns"
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          onChange={(e) => void pick(e.target.files)}
          disabled={busy}
        />
      </label>
      {mappingOpen && file && preview.data && draft && (
        <MappingStep
          preview={preview.data}
          draft={draft}
          fileName={file.name}
          pending={preview.isPending}
          importing={upload.isPending}
          onChange={changeMapping}
          onImport={() => upload.mutate({ file, mapping: draft })}
          onCancel={() => setMappingOpen(false)}
        />
      )}
      {preview.isError && !mappingOpen && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="import-error">
          {preview.error.message}
        </p>
      )}
      {upload.isError && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="import-error">
          {upload.error.message}
        </p>
      )}
      {report && !mappingOpen && (
        <div role="status" className="space-y-3" data-testid="import-report">
          <dl className="grid grid-cols-3 gap-2 text-center">
            {[
              ["Created", report.created, "text-emerald-700"],
              ["Updated", report.updated, "text-slate-800"],
              ["Failed", report.failed, report.failed ? "text-red-700" : "text-slate-800"],
            ].map(([label, n, color]) => (
              <div key={label as string} className="rounded-md border border-slate-200 bg-white px-2 py-2">
                <dt className="text-xs text-slate-600">{label}</dt>
                <dd className={`text-lg font-semibold tabular-nums ${color}`} data-testid={`import-${String(label).toLowerCase()}`}>
                  {n}
                </dd>
              </div>
            ))}
          </dl>
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="import-mapping-source">
            {report.mapping.source === "known" && report.mapping.system
              ? `Read as a ${report.mapping.system.name} export.`
              : report.mapping.source === "remembered"
                ? "Read with the columns you chose before for these headers."
                : report.mapping.source === "given"
                  ? "Read with the columns you chose (remembered for the next file like it)."
                  : "Columns matched by their names."}
            {file && (
              <button type="button" className="text-indigo-700 underline" onClick={() => void openMapping()}>
                Check the columns
              </button>
            )}
          </p>
          {(report.list || report.optedOut > 0) && (
            <p className="text-sm text-slate-700" data-testid="import-extras">
              {report.list && `${plural(report.list.added, "contact", "contacts")} added to the list "${report.list.name}". `}
              {report.optedOut > 0 && `${plural(report.optedOut, "contact is", "contacts are")} marked do-not-call by the file's opt-out column.`}
            </p>
          )}
          {report.errors.length > 0 && (
            <div className="relative overflow-x-auto rounded-md border border-red-200">
              <table className="w-full text-left text-sm" data-testid="import-errors">
                <caption className="bg-red-50 px-3 py-1.5 text-left text-sm font-medium text-red-900">Rows not imported</caption>
                <thead className="bg-white text-xs text-slate-600">
                  <tr>
                    <th scope="col" className="px-3 py-1.5 font-medium">Row</th>
                    <th scope="col" className="px-3 py-1.5 font-medium">Column</th>
                    <th scope="col" className="px-3 py-1.5 font-medium">Problem</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-red-100 bg-white">
                  {report.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="px-3 py-1.5 tabular-nums">{e.row}</td>
                      <td className="px-3 py-1.5">{e.column ?? "—"}</td>
                      <td className="px-3 py-1.5">{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.changes.length > 0 && (
            <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="import-changes">
              <p>This file changed the name or time zone of saved contacts:</p>
              <ul className="mt-1 list-disc pl-5">
                {report.changes.map((c, i) => (
                  <li key={i}>{c.message}</li>
                ))}
              </ul>
            </div>
          )}
          {report.warnings.length > 0 && (
            <details className="text-sm text-slate-700">
              <summary className="cursor-pointer">{report.warnings.length} warning(s)</summary>
              <ul className="mt-1 list-disc pl-5">
                {report.warnings.map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            </details>
          )}
          {report.staleCampaigns.length > 0 && (
            <div role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="stale-campaigns">
              <p>This import moved appointments that launched campaigns already say at the old time:</p>
              <ul className="mt-1 list-disc pl-5">
                {report.staleCampaigns.map((c) => (
                  <li key={c.id}>
                    <a className="underline" href={`/campaigns/${c.id}`}>
                      {c.name}
                    </a>{" "}
                    ({c.stale.toLocaleString("en-US")} message{c.stale === 1 ? "" : "s"} to render again)
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function ImportListNames() {
  const lists = useContactLists();
  return (
    <datalist id="import-list-names">
      {lists.data?.map((l) => <option key={l.id} value={l.name} />)}
    </datalist>
  );
}
