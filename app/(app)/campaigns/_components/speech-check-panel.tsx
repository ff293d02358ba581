"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CampaignPlan } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "../../_components/client-api";
import type { useAudition } from "./use-audition";

/**
 * What the speech check heard of the sentences that hold a name or another merge value: each value it did not
 * hear back, with the sentence to play, what it heard, and a respelling it rendered and heard right that the
 * manager adds to the dictionary with one click. It informs; it never blocks a launch.
 */
export function SpeechCheckPanel({
  campaignId,
  report,
  voice,
  speed,
  audition,
}: {
  campaignId: string;
  report: CampaignPlan["speechCheck"];
  voice: string;
  speed: number;
  audition: ReturnType<typeof useAudition>;
}) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.plan(campaignId) });
  const check = useMutation({
    mutationFn: () => fetchJson<unknown>(`/api/campaigns/${campaignId}/speech-check`, { method: "POST" }),
    onSettled: refresh,
  });
  const accept = useMutation({
    mutationFn: (entry: { term: string; sayAs: string }) =>
      fetchJson<unknown>("/api/pronunciations", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(entry) }),
    onSettled: refresh,
  });
  if (report.segments === 0) return null;
  return (
    <section aria-labelledby="plan-speech-check" className="space-y-2 rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-800" data-testid="plan-speech-check">
      <h3 id="plan-speech-check" className="font-semibold">
        Speech check
      </h3>
      {!report.ran ? (
        <p data-testid="speech-check-off">
          The speech check did not run: {report.reason}. Launching is not affected.
        </p>
      ) : (
        <>
          <p data-testid="speech-check-summary">
            The speech check listened to {report.checked.toLocaleString("en-US")} of {report.segments.toLocaleString("en-US")} sentences that hold a name or another value
            {report.unchecked > 0 ? `; ${report.unchecked.toLocaleString("en-US")} not heard yet` : ""}.{" "}
            {report.findings.length === 0 ? "It heard every value." : `It did not hear ${report.findings.length.toLocaleString("en-US")} value(s) back:`}
          </p>
          <ul className="space-y-2">
            {report.findings.map((f) => {
              const id = `speech-check:${f.segmentKey}:${f.value}`;
              const active = audition.state?.id === id;
              return (
                <li key={id} data-value={f.value} className="rounded border border-amber-200 bg-amber-50 px-2 py-1">
                  <button
                    type="button"
                    onClick={() => (active ? audition.stop() : audition.play(id, { voice, speed, text: f.sentence }))}
                    aria-label={`${active ? "Stop" : "Play"} the sentence with ${f.value}`}
                    className="mr-1 text-indigo-700"
                  >
                    {active ? "■" : "▶"}
                  </button>
                  <span className="font-medium">{f.value}</span>: {f.heard.trim() === "" ? "the speech check heard no words." : `the speech check heard “${f.heard.trim()}”.`}
                  {f.suggestion ? (
                    <span>
                      {" "}
                      Said as “{f.suggestion.sayAs}” it heard {f.suggestion.term} right.{" "}
                      <button
                        type="button"
                        disabled={accept.isPending}
                        onClick={() => accept.mutate(f.suggestion!)}
                        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50"
                      >
                        Say {f.suggestion.term} as “{f.suggestion.sayAs}”
                      </button>
                    </span>
                  ) : (
                    <span> No respelling it tried was heard right; listen, and add one to the pronunciation dictionary if it sounds wrong.</span>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="text-xs text-slate-600">A recogniser is not a patient: it can mishear a name the voice says well. Listen before you change anything.</p>
        </>
      )}
      {accept.isError && <p role="alert" className="text-red-700">{(accept.error as Error).message}</p>}
      {check.isError && <p role="alert" className="text-red-700">{(check.error as Error).message}</p>}
      <button
        type="button"
        disabled={check.isPending}
        onClick={() => check.mutate()}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50"
        data-testid="speech-check-run"
      >
        {check.isPending ? "Listening…" : "Check names now"}
      </button>
    </section>
  );
}
