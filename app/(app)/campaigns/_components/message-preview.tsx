"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { PreviewMessage } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** What the builder asks the preview for: a saved draft's samples are its own recipients. */
export function previewRequestBody(
  template: string,
  campaignId: string | null,
  languages?: { language: "en" | "es"; campaignLanguages: ("en" | "es")[] },
): { template: string; limit: number; campaignId?: string; language?: "en" | "es"; campaignLanguages?: ("en" | "es")[] } {
  return { template, limit: 3, ...(campaignId ? { campaignId } : {}), ...(languages ?? {}) };
}

/** Samples come from the campaign's recipients once the draft is saved (`campaignId`), else from the contacts. */
export function useMessagePreview(
  template: string,
  valid: boolean,
  campaignId: string | null = null,
  languages?: { language: "en" | "es"; campaignLanguages: ("en" | "es")[] },
) {
  const debounced = useDebounced(template, 400);
  return useQuery({
    queryKey: [...queryKeys.templatePreview(debounced, campaignId), languages?.language ?? "en", ...(languages?.campaignLanguages ?? [])],
    queryFn: () =>
      fetchJson<PreviewMessage[]>("/api/templates/preview", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(previewRequestBody(debounced, campaignId, languages)),
      }),
    enabled: valid && debounced === template,
    placeholderData: keepPreviousData,
  });
}

export function MessagePreview({ preview, valid }: { preview: ReturnType<typeof useMessagePreview>; valid: boolean }) {
  if (!valid) {
    return <p className="text-sm text-slate-600">Fix the message to see how it reads for your contacts.</p>;
  }
  if (preview.isPending) {
    return (
      <div aria-busy="true" className="space-y-2">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-20 animate-pulse rounded-md bg-slate-100" />
        ))}
      </div>
    );
  }
  if (preview.isError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        Could not build the preview: {preview.error.message}
      </p>
    );
  }
  if (preview.data.length === 0) {
    return <p className="text-sm text-slate-600">Import contacts to see the message for real recipients.</p>;
  }
  return (
    <ul className={`space-y-3 transition-opacity ${preview.isPlaceholderData ? "opacity-60" : ""}`} data-testid="message-preview" aria-busy={preview.isFetching}>
      {preview.data.map((m) => (
        <li key={m.contactId} className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          <p className="font-medium text-slate-900">{m.name}</p>
          <p className="mt-1 text-slate-800" data-testid="preview-merged">
            {m.merged}
          </p>
          <p className="mt-2 text-xs text-slate-600">
            <span className="font-medium text-slate-700">Spoken as: </span>
            {m.spoken}
          </p>
          {m.languageNote && (
            <p className="mt-2 text-xs text-slate-700" data-testid="preview-language-note">
              {m.languageNote}
            </p>
          )}
          {m.missing.length > 0 && (
            <p className="mt-2 text-xs text-amber-900">
              No value for {m.missing.map((v) => `{{${v}}}`).join(", ")}; that part is left out for this contact.
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
