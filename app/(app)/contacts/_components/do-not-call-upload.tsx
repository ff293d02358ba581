"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef } from "react";
import type { DoNotCallReport } from "@/lib/contacts";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";

/** Uploads a do-not-call file (a CSV of phone numbers) and says what it matched. */
export function DoNotCallUpload() {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return fetchJson<DoNotCallReport>("/api/contacts/do-not-call", { method: "POST", body: form });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.contacts.all }),
    onSettled: () => {
      if (input.current) input.current.value = "";
    },
  });
  const report = upload.data;
  return (
    <section aria-labelledby="dnc-heading" className="card space-y-3">
      <h2 id="dnc-heading" className="text-base font-semibold">
        Do-not-call file
      </h2>
      <p className="text-sm text-slate-600">
        A CSV with one phone number per line (a &quot;Reason&quot; column is kept too). Campaigns never call these numbers. Numbers that match no contact yet
        are remembered, so a later import of them is already marked do-not-call.
      </p>
      <label className="btn w-fit cursor-pointer">
        {upload.isPending ? "Uploading…" : "Choose a file"}
        <input ref={input} type="file" accept=".csv,.txt,text/csv,text/plain" className="sr-only" disabled={upload.isPending} onChange={(e) => e.target.files?.[0] && upload.mutate(e.target.files[0])} />
      </label>
      {upload.isError && (
        <p role="alert" className="text-sm text-red-700">
          {upload.error.message}
        </p>
      )}
      {report && (
        <div role="status" className="space-y-1 text-sm text-slate-800" data-testid="dnc-report">
          <p>
            {report.numbers.toLocaleString("en-US")} numbers read, {report.added.toLocaleString("en-US")} new on the list; {report.matchedContacts.toLocaleString("en-US")} belong to
            contacts today.
          </p>
          {report.errors.length > 0 && (
            <details>
              <summary className="cursor-pointer">{report.errors.length} line(s) skipped</summary>
              <ul className="mt-1 list-disc pl-5">
                {report.errors.slice(0, 100).map((e) => (
                  <li key={e.row}>{e.message}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
