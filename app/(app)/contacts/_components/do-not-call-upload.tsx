"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import type { DoNotCallBatchDto, DoNotCallPreview, DoNotCallReport } from "@/lib/contacts";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";

const n = (x: number, one: string, many: string) => `${x.toLocaleString("en-US")} ${x === 1 ? one : many}`;
const SOURCES: Record<DoNotCallBatchDto["source"], string> = { file: "Do-not-call file", api: "API list", import: "Opt-out column of an import" };

/**
 * A do-not-call file (a CSV of phone numbers): first says what it will do ("23 numbers will be opted out",
 * and a warning when it looks like a contact or appointment export), saves only when confirmed, and keeps
 * every bulk opt-out as a batch that can be undone in one step.
 */
export function DoNotCallUpload() {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const form = (f: File) => {
    const body = new FormData();
    body.append("file", f);
    return body;
  };
  const refresh = () => {
    void client.invalidateQueries({ queryKey: queryKeys.contacts.all });
  };
  const preview = useMutation({
    mutationFn: (f: File) => fetchJson<DoNotCallPreview>("/api/contacts/do-not-call/preview", { method: "POST", body: form(f) }),
    onSettled: () => {
      if (input.current) input.current.value = "";
    },
  });
  const save = useMutation({
    mutationFn: (f: File) => fetchJson<DoNotCallReport>("/api/contacts/do-not-call", { method: "POST", body: form(f) }),
    onSuccess: () => {
      setFile(null);
      preview.reset();
      refresh();
    },
  });
  const pick = (f: File | undefined) => {
    if (!f) return;
    save.reset();
    setFile(f);
    preview.mutate(f);
  };
  const cancel = () => {
    setFile(null);
    preview.reset();
  };
  const plan = preview.data;
  return (
    <section aria-labelledby="dnc-heading" className="card space-y-3">
      <h2 id="dnc-heading" className="text-base font-semibold">
        Do-not-call file
      </h2>
      <p className="text-sm text-slate-600">
        A CSV of phone numbers <strong>not to call</strong>, one per line (a &quot;Reason&quot; column is kept too). It is not a contacts import: every number in it is
        opted out. You see how many before anything is saved, and can undo it afterwards. Numbers that match no contact yet are remembered.
      </p>
      <label className="btn w-fit cursor-pointer">
        {preview.isPending ? "Reading…" : "Choose a do-not-call file"}
        <input
          ref={input}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          className="sr-only"
          disabled={preview.isPending || save.isPending}
          onChange={(e) => pick(e.target.files?.[0])}
        />
      </label>
      {preview.isError && (
        <p role="alert" className="text-sm text-red-700">
          {preview.error.message}
        </p>
      )}
      {plan && file && (
        <div role="group" aria-labelledby="dnc-confirm-heading" className="space-y-2 rounded-md border border-slate-300 bg-slate-50 px-3 py-3 text-sm" data-testid="dnc-confirm">
          <p id="dnc-confirm-heading" className="font-semibold text-slate-900">
            {plan.newOptOuts === 0 ? "Every number in this file is opted out already." : `${n(plan.newOptOuts, "number", "numbers")} will be opted out.`}
          </p>
          <p className="text-slate-700">
            {file.name}: {n(plan.numbers, "number", "numbers")} read
            {plan.alreadyOptedOut > 0 && `, ${n(plan.alreadyOptedOut, "is", "are")} opted out already`}; {n(plan.matchedContacts, "belongs", "belong")} to contacts today.
            {plan.errors.length > 0 && ` ${n(plan.errors.length, "line", "lines")} could not be read and will be skipped.`}
          </p>
          {plan.warning && (
            <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950" data-testid="dnc-warning">
              {plan.warning}
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            {plan.newOptOuts > 0 && (
              <button type="button" className="btn btn-danger" disabled={save.isPending} onClick={() => save.mutate(file)}>
                {save.isPending ? "Opting out…" : `Opt out ${n(plan.newOptOuts, "number", "numbers")}`}
              </button>
            )}
            <button type="button" className="btn" disabled={save.isPending} onClick={cancel}>
              {plan.newOptOuts > 0 ? "Cancel" : "Close"}
            </button>
          </div>
        </div>
      )}
      {save.isError && (
        <p role="alert" className="text-sm text-red-700">
          {save.error.message}
        </p>
      )}
      {save.data && (
        <p role="status" className="text-sm text-slate-800" data-testid="dnc-report">
          Opted out {save.data.added.toLocaleString("en-US")} of the {n(save.data.numbers, "number", "numbers")} in the file
          {save.data.added < save.data.numbers ? " (the others were on the list already)" : ""}. You can undo it below.
        </p>
      )}
      <DoNotCallBatches
        onUndone={() => {
          save.reset();
          refresh();
        }}
      />
    </section>
  );
}

/** The latest bulk opt-outs, each undone in one step. */
function DoNotCallBatches({ onUndone }: { onUndone: () => void }) {
  const batches = useQuery({ queryKey: queryKeys.contacts.doNotCallBatches, queryFn: async () => (await fetchJson<{ items: DoNotCallBatchDto[] }>("/api/contacts/do-not-call/batches")).items });
  const undo = useMutation({
    mutationFn: (id: string) => fetchJson<DoNotCallBatchDto>(`/api/contacts/do-not-call/batches/${id}/undo`, { method: "POST" }),
    onSuccess: onUndone,
  });
  const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });
  if (!batches.data || batches.data.length === 0) return null;
  return (
    <div className="space-y-1">
      <h3 className="text-sm font-semibold">Recent bulk opt-outs</h3>
      <p className="text-xs text-slate-600">Undo takes the numbers a batch added off the list. A number opted out by hand stays opted out.</p>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm" data-testid="dnc-batches">
        {batches.data.map((b) => (
          <li key={b.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
            <span className="min-w-0 break-words">
              {SOURCES[b.source]}
              {b.fileName && ` "${b.fileName}"`} · {dateTime.format(new Date(b.createdAt))} · {n(b.added, "number", "numbers")} opted out
              {b.undoneAt && ` · undone, ${n(b.removed ?? 0, "number", "numbers")} taken off the list`}
            </span>
            {!b.undoneAt && b.added > 0 && (
              <button
                type="button"
                className="btn py-1"
                disabled={undo.isPending}
                onClick={() => undo.mutate(b.id)}
                aria-label={`Undo: allow calls again to the ${n(b.added, "number", "numbers")} of ${b.fileName ?? SOURCES[b.source]}`}
              >
                Undo
              </button>
            )}
          </li>
        ))}
      </ul>
      {undo.isError && (
        <p role="alert" className="text-sm text-red-700">
          {undo.error.message}
        </p>
      )}
      {undo.data && (
        <p role="status" className="text-sm text-slate-800" data-testid="dnc-undone">
          Undone: {n(undo.data.removed ?? 0, "number", "numbers")} can be called again.
        </p>
      )}
    </div>
  );
}
