"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { CampaignDto } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";
import { LoadError } from "../../_components/load-error";
import { ProgressBar, progressPercent } from "./progress-bar";
import { StatusBadge } from "./status-badge";

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });

export function CampaignList() {
  const query = useQuery({
    queryKey: queryKeys.campaigns.list(),
    queryFn: () => fetchJson<{ campaigns: CampaignDto[] }>("/api/campaigns"),
    // Poll only while something renders; the campaign page itself streams over SSE.
    refetchInterval: (q) => (q.state.data?.campaigns.some((c) => c.status === "rendering") ? 3_000 : false),
  });

  if (query.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading campaigns" className="space-y-2">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-16 animate-pulse rounded-lg bg-slate-200/70" />
        ))}
      </div>
    );
  }
  if (query.isError) {
    return (
      <LoadError
        what="load the campaigns"
        error={query.error}
        onRetry={() => void query.refetch()}
        className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800"
      />
    );
  }
  const campaigns = query.data.campaigns;
  if (campaigns.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
        <h2 className="text-lg font-semibold">No campaigns yet</h2>
        <p className="mx-auto mt-1 max-w-md text-sm text-slate-600">
          Write a message once, personalise it with each contact&apos;s name and appointment, and hear it before it goes out.
        </p>
        <Link href="/campaigns/new" className="btn-primary mt-4">
          New campaign
        </Link>
      </div>
    );
  }
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div className="hidden grid-cols-[minmax(0,2fr)_7rem_minmax(0,1.5fr)_6rem_8rem] gap-4 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium tracking-wide text-slate-600 uppercase md:grid">
        <span>Name</span>
        <span>Status</span>
        <span>Progress</span>
        <span className="text-right">Recipients</span>
        <span>Created</span>
      </div>
      <ul className="divide-y divide-slate-200" aria-label="Campaigns">
        {campaigns.map((c) => {
          const percent = progressPercent(c.progress);
          return (
            <li key={c.id} className="relative grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-2 px-4 py-3 hover:bg-slate-50 md:grid-cols-[minmax(0,2fr)_7rem_minmax(0,1.5fr)_6rem_8rem] md:items-center">
              <Link href={`/campaigns/${c.id}`} className="truncate font-medium text-indigo-700 after:absolute after:inset-0 hover:underline focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-indigo-500 focus-visible:after:ring-inset">
                {c.name}
              </Link>
              <span className="justify-self-end md:justify-self-start">
                <StatusBadge status={c.status} />
              </span>
              <div className="col-span-2 flex items-center gap-2 md:col-span-1">
                <ProgressBar counts={c.progress} label={`Progress of ${c.name}`} />
                <span className="w-10 shrink-0 text-right text-xs text-slate-600 tabular-nums">{c.status === "draft" ? "—" : `${percent}%`}</span>
              </div>
              <span className="text-sm text-slate-600 tabular-nums md:text-right">
                {c.recipients.toLocaleString("en-US")}
                <span className="md:hidden"> recipients</span>
              </span>
              <span className="justify-self-end text-sm text-slate-600 md:justify-self-start">
                <time dateTime={c.createdAt}>{dateFormat.format(new Date(c.createdAt))}</time>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
