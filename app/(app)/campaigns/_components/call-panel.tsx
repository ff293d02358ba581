"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { OUTCOME_LABELS } from "@/lib/calls/outcome-labels";
import type { CallReport } from "@/lib/calls/report";
import { queryKeys } from "@/lib/query-keys";
import { startCampaignCallsAction, stopCampaignCallsAction } from "../actions";
import { fetchJson, unwrap } from "../../_components/client-api";
import { StackedCell, STACKED_TABLE } from "../../_components/stacked-table";

const time = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** "Call recipients", beside the exports: queues the calls through the organisation's carrier. */
export function CallRecipientsButton({ campaignId }: { campaignId: string }) {
  const client = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => unwrap(startCampaignCallsAction(campaignId)),
    onSuccess: (r) => {
      setNotice(`${r.queued} call${r.queued === 1 ? "" : "s"} queued${r.optedOut ? `, ${r.optedOut} on the do-not-call list left out` : ""}${r.notReady ? `, ${r.notReady} not rendered yet` : ""}.`);
      void client.invalidateQueries({ queryKey: queryKeys.campaigns.calls(campaignId) });
    },
    onError: (e) => setNotice(e.message),
  });
  return (
    <>
      <button type="button" className="btn" disabled={start.isPending} onClick={() => start.mutate()}>
        {start.isPending ? "Queueing calls…" : "Call recipients"}
      </button>
      {notice && (
        <span role="status" className="self-center text-sm text-slate-700">
          {notice}
        </span>
      )}
    </>
  );
}

/** The delivery report: counts by outcome and each recipient's attempts; refreshed every few seconds while calls are under way. */
export function CallReportSection({ campaignId }: { campaignId: string }) {
  const client = useQueryClient();
  const stop = useMutation({
    mutationFn: () => unwrap(stopCampaignCallsAction(campaignId)),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.campaigns.calls(campaignId) }),
  });
  const report = useQuery({
    queryKey: queryKeys.campaigns.calls(campaignId),
    queryFn: () => fetchJson<CallReport>(`/api/campaigns/${campaignId}/calls`),
    refetchInterval: (q) => ((q.state.data?.summary.in_progress ?? 0) > 0 ? 5_000 : false),
  });
  const data = report.data;
  if (!data || data.summary.total === 0) return null;
  return (
    <section aria-labelledby="calls-heading" className="card space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="calls-heading" className="text-base font-semibold">
          Calls
        </h2>
        <div className="flex flex-wrap gap-2">
          {data.summary.in_progress > 0 && (
            <button type="button" className="btn-danger" disabled={stop.isPending} onClick={() => stop.mutate()}>
              {stop.isPending ? "Stopping…" : "Stop calls"}
            </button>
          )}
          <a className="btn" href={`/api/campaigns/${campaignId}/calls/export`} download>
            Delivery report CSV
          </a>
        </div>
      </div>
      {data.preparing && (
        <p role="status" className="text-sm text-slate-700">
          Preparing the call sentences… Calls start once the key prompt and answers are rendered in the campaign&apos;s voice.
        </p>
      )}
      {stop.data && stop.data.underWay > 0 && (
        <p role="status" className="text-sm text-slate-700">
          {stop.data.underWay} call{stop.data.underWay === 1 ? " is" : "s are"} under way and will finish; nobody else is called.
        </p>
      )}
      {stop.error && (
        <p role="alert" className="text-sm text-red-700">
          {stop.error.message}
        </p>
      )}
      <ul className="flex flex-wrap gap-3 text-sm" aria-label="Calls by outcome">
        {Object.entries(data.summary)
          .filter(([key, n]) => key !== "total" && n > 0)
          .map(([key, n]) => (
            <li key={key}>
              {OUTCOME_LABELS[key as keyof typeof OUTCOME_LABELS] ?? key}: <span className="font-semibold tabular-nums">{n}</span>
            </li>
          ))}
      </ul>
      <div className="relative overflow-x-auto rounded-md border border-slate-200">
        <table className={STACKED_TABLE.table} data-testid="call-report">
          <thead className={STACKED_TABLE.thead}>
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Recipient</th>
              <th scope="col" className="px-3 py-2 font-medium">Phone</th>
              <th scope="col" className="px-3 py-2 font-medium">Outcome</th>
              <th scope="col" className="px-3 py-2 font-medium">Attempts</th>
            </tr>
          </thead>
          <tbody className={STACKED_TABLE.tbody}>
            {data.recipients.map((r) => (
              <tr key={r.recipientId} className={`${STACKED_TABLE.row} sm:align-top`}>
                <StackedCell label="Recipient" className="font-medium">
                  <span className="min-w-0 break-words text-right sm:text-left">{r.name}</span>
                </StackedCell>
                <StackedCell label="Phone" className="whitespace-nowrap tabular-nums">
                  {r.phone}
                </StackedCell>
                <StackedCell label="Outcome">
                  <span className="min-w-0 text-right sm:text-left">
                    {OUTCOME_LABELS[r.outcome ?? "in_progress"]}
                    {r.outcomeDetail && <span className="block text-xs text-slate-500">{r.outcomeDetail}</span>}
                  </span>
                </StackedCell>
                <StackedCell label="Attempts" className="text-xs text-slate-600">
                  <span className="min-w-0 text-right sm:text-left">
                    {r.attempts.map((a) => (
                      <span key={a.attempt} className="block">
                        {a.attempt}. {a.placedAt ? time.format(new Date(a.placedAt)) : a.state}
                        {a.carrierStatus ? `, ${a.carrierStatus}` : ""}
                        {a.durationSeconds ? `, ${a.durationSeconds} s` : ""}
                        {a.keys ? `, pressed ${a.keys}` : ""}
                      </span>
                    ))}
                  </span>
                </StackedCell>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
