"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StaleAudio } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, unwrap } from "../../_components/client-api";
import { rerenderStaleAudioAction } from "../actions";

/** What made these messages out of date, as the notice says it. */
export function staleCauseText(causes: StaleAudio["causes"]): string {
  const values = causes.values > 0 ? "their details changed since launch (a moved appointment says the old time)" : null;
  const words = causes.pronunciation > 0 ? "a pronunciation in the dictionary changed, so a word in them is said differently now" : null;
  if (values && words) return `for ${causes.values.toLocaleString("en-US")}, ${values}; for ${causes.pronunciation.toLocaleString("en-US")}, ${words}`;
  return values ?? words ?? "";
}

/** Shown when what a launched campaign says changed (contacts' values or pronunciations): who is affected, why, and a re-render of exactly them. */
export function StaleAudioNotice({ campaignId, launched }: { campaignId: string; launched: boolean }) {
  const client = useQueryClient();
  const stale = useQuery({
    queryKey: queryKeys.campaigns.stale(campaignId),
    queryFn: () => fetchJson<StaleAudio>(`/api/campaigns/${campaignId}/stale`),
    enabled: launched,
  });
  const rerender = useMutation({
    mutationFn: () => unwrap(rerenderStaleAudioAction(campaignId)),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.campaigns.detail(campaignId) }),
  });
  if (rerender.isSuccess && stale.data?.stale === 0) {
    return (
      <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {rerender.data.rerendered.toLocaleString("en-US")} message(s) are rendering again.
      </p>
    );
  }
  const data = stale.data;
  if (!data || data.stale === 0) return null;
  return (
    <section aria-labelledby="stale-heading" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-950" data-testid="stale-audio">
      <h2 id="stale-heading" className="font-semibold">
        {data.stale.toLocaleString("en-US")} message{data.stale === 1 ? " is" : "s are"} out of date
      </h2>
      <p className="break-words">
        {data.recipients.map((r) => r.name).join(", ")}
        {data.stale > data.recipients.length ? `, and ${(data.stale - data.recipients.length).toLocaleString("en-US")} more` : ""}: {staleCauseText(data.causes)}.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn" disabled={rerender.isPending} onClick={() => rerender.mutate()}>
          {rerender.isPending ? "Rendering again…" : `Render ${data.stale === 1 ? "it" : `these ${data.stale.toLocaleString("en-US")}`} again`}
        </button>
        <span className="text-xs">Everyone else keeps the audio they have.</span>
        {rerender.isError && <span className="text-red-700">{rerender.error.message}</span>}
      </div>
    </section>
  );
}
