"use client";

import { useQuery } from "@tanstack/react-query";
import type { CampaignPlan, MissingValuePolicy, SharedNumberPolicy } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson, formatEtaRange, formatSeconds } from "../../_components/client-api";
import { LoadError } from "../../_components/load-error";
import { SpeechCheckPanel } from "./speech-check-panel";
import { useAudition } from "./use-audition";

/** Variables with this many distinct values or fewer get a "hear every value" list. */
const MAX_HEARD_VALUES = 30;

export function usePlan(campaignId: string | null) {
  return useQuery({
    queryKey: queryKeys.campaigns.plan(campaignId ?? "none"),
    queryFn: () => fetchJson<CampaignPlan>(`/api/campaigns/${campaignId}/plan`),
    enabled: campaignId !== null,
  });
}

type MissingValuesChoice = { policy: MissingValuePolicy; onChange: (policy: MissingValuePolicy) => void; unsaved: boolean };

/** Who would hear a message with a hole in it, and the draft's choice: say the fallback text, or skip them. */
/** The plan's render time; a guess from the worker's start-up measurement says so (nothing was rendered yet). */
function renderTimeText(eta: CampaignPlan["estimatedRenderTime"]): string {
  if (eta === null) return "not measured yet";
  return eta.basis === "start-up" ? `${formatEtaRange(eta)}, first guess` : formatEtaRange(eta);
}

function MissingValues({ report, choice }: { report: CampaignPlan["missingValues"]; choice: MissingValuesChoice }) {
  const n = report.recipients;
  return (
    <section aria-labelledby="plan-missing" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="plan-missing">
      <h3 id="plan-missing" className="font-semibold">
        {n.toLocaleString("en-US")} recipient{n === 1 ? "" : "s"} would miss a value
      </h3>
      <ul className="space-y-0.5">
        {report.listed.map((r) => (
          <li key={r.recipientId} className="break-words">
            <span className="font-medium">{r.name}</span>: no {r.missing.map((name) => `{{${name}}}`).join(", ")}
          </li>
        ))}
        {n > report.listed.length && <li>… and {(n - report.listed.length).toLocaleString("en-US")} more.</li>}
      </ul>
      <fieldset className="space-y-1">
        <legend className="font-medium">For them</legend>
        {(
          [
            ["fallback", 'Send it, saying the fallback text where the message has one (write it as {{appointment.time|"soon"}}); a placeholder without one is left out'],
            ["skip", "Skip them: they get no call"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-start gap-2">
            <input type="radio" name="missingValues" value={value} className="mt-1" checked={choice.policy === value} onChange={() => choice.onChange(value)} />
            <span>{label}</span>
          </label>
        ))}
        {choice.policy === "ask" && <p className="text-xs font-medium" data-testid="plan-missing-ask">Choose one before launching: nothing is sent with a hole in it until you do.</p>}
        {choice.unsaved && <p className="text-xs">Save the draft to apply this choice to the plan.</p>}
      </fieldset>
    </section>
  );
}

type SharedNumbersChoice = { policy: SharedNumberPolicy; onChange: (policy: SharedNumberPolicy) => void; unsaved: boolean };

/** The draft's choice for patients who share a number and have appointments the same day. */
const LANGUAGE_NAMES: Record<string, string> = { en: "English", es: "Spanish" };

function SharedNumbers({ report, choice }: { report: CampaignPlan["sharedNumbers"]; choice: SharedNumbersChoice }) {
  return (
    <fieldset className="space-y-1 rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-800" data-testid="plan-shared-numbers">
      <legend className="px-1 font-medium">Patients who share a phone number and have appointments the same day</legend>
      {(
        [
          ["each", "A message each: one call per patient"],
          ["together", "One message naming each (“Lucia and Mateo…”), in one call"],
        ] as const
      ).map(([value, label]) => (
        <label key={value} className="flex items-start gap-2">
          <input type="radio" name="sharedNumbers" value={value} className="mt-1" checked={choice.policy === value} onChange={() => choice.onChange(value)} />
          <span>{label}</span>
        </label>
      ))}
      {report && report.messages > 0 && (
        <p data-testid="plan-shared-count">
          {report.messages.toLocaleString("en-US")} {report.messages === 1 ? "message names" : "messages name"} {report.recipients.toLocaleString("en-US")} patients together.
        </p>
      )}
      {choice.unsaved && <p className="text-xs">Save the draft to apply this choice to the plan.</p>}
    </fieldset>
  );
}

export function PlanPanel({
  campaignId,
  plan,
  voice,
  speed,
  missingValues,
  sharedNumbers,
}: {
  campaignId: string;
  plan: ReturnType<typeof usePlan>;
  voice: string;
  speed: number;
  missingValues: MissingValuesChoice;
  sharedNumbers: SharedNumbersChoice;
}) {
  const audition = useAudition();
  if (plan.isPending) {
    return <div aria-busy="true" aria-label="Loading the plan" className="h-32 animate-pulse rounded-md bg-slate-100" />;
  }
  if (plan.isError) {
    return <LoadError what="plan the campaign" error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  const p = plan.data;
  const stats: [string, string, string][] = [
    ["Recipients", p.recipients.toLocaleString("en-US"), "plan-recipients"],
    ["Distinct messages", p.distinctMessages.toLocaleString("en-US"), "plan-messages"],
    ["Distinct segments", p.distinctSegments.toLocaleString("en-US"), "plan-segments"],
    ["Already rendered", p.alreadyRendered === null ? "unknown (worker down)" : p.alreadyRendered.toLocaleString("en-US"), "plan-cached"],
    ["To render", p.toRender.toLocaleString("en-US"), "plan-to-render"],
    ["Audio to render", formatSeconds(p.estimatedAudioSeconds), "plan-audio"],
    ["Render time", renderTimeText(p.estimatedRenderTime), "plan-time"],
  ];
  const heard = p.variables.filter((v) => v.distinct > 0 && v.distinct <= MAX_HEARD_VALUES);
  return (
    <div className="space-y-4" data-testid="plan">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {stats.map(([label, value, id]) => (
          <div key={id} className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-600">{label}</dt>
            <dd className="text-sm font-semibold text-slate-900 tabular-nums" data-testid={id}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {p.recipientWindow && (
        <p className="text-sm text-slate-700" data-testid="plan-window">
          Recipients chosen by {p.recipientWindow} (as of when the draft was saved).
        </p>
      )}
      {p.leftOut.optedOut > 0 && (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="plan-left-out">
          {p.leftOut.optedOut.toLocaleString("en-US")} {p.leftOut.optedOut === 1 ? "contact is" : "contacts are"} left out: on the do-not-call list. They are not called.
        </p>
      )}
      {p.leftOutByAppointment.summary && (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="plan-left-out-appointments">
          {p.leftOutByAppointment.summary}. Their upcoming appointments are cancelled, broken, missed or already done, so they are not called.
        </p>
      )}
      {(p.languages.length > 1 || p.withoutOwnLanguage > 0) && (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="plan-languages">
          {p.languages.map((l) => `${l.recipients.toLocaleString("en-US")} in ${LANGUAGE_NAMES[l.language] ?? l.language}`).join(", ")}.
          {p.withoutOwnLanguage > 0 &&
            ` ${p.withoutOwnLanguage.toLocaleString("en-US")} ${p.withoutOwnLanguage === 1 ? "prefers a language" : "prefer languages"} the message has no version in, and ${p.withoutOwnLanguage === 1 ? "hears" : "hear"} the main message.`}
        </p>
      )}
      {p.missingValues.recipients > 0 && <MissingValues report={p.missingValues} choice={missingValues} />}
      <SharedNumbers report={p.sharedNumbers} choice={sharedNumbers} />
      {p.lint.length > 0 && (
        <section aria-labelledby="plan-lint" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2" data-testid="plan-lint">
          <h3 id="plan-lint" className="text-sm font-semibold text-amber-950">
            Before you launch
          </h3>
          <ul className="space-y-1 text-sm text-amber-950">
            {p.lint.map((finding) => (
              <li key={`${finding.code}:${finding.message}`} data-code={finding.code}>
                {finding.message}{" "}
                <span className="text-amber-900 tabular-nums">
                  ({finding.recipients === p.recipients ? "every recipient" : `${finding.recipients.toLocaleString("en-US")} of ${p.recipients.toLocaleString("en-US")} recipients`})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <SpeechCheckPanel campaignId={campaignId} report={p.speechCheck} voice={voice} speed={speed} audition={audition} />
      {p.pronunciations.length > 0 && <PronunciationUses uses={p.pronunciations} />}
      {heard.length > 0 && (
        <section aria-labelledby="hear-values" className="space-y-2">
          <h3 id="hear-values" className="text-sm font-semibold">
            Hear every value
          </h3>
          <p className="text-xs text-slate-600">Check how the voice says each distinct value, in the sentence a recipient hears it in, before thousands of people hear it.</p>
          {audition.error && (
            <p role="alert" className="text-sm text-red-700">
              {audition.error}
            </p>
          )}
          {heard.map((v) => (
            <div key={v.name}>
              <p className="font-mono text-xs text-slate-700">
                {`{{${v.name}}}`} · {v.distinct} value{v.distinct === 1 ? "" : "s"}
              </p>
              <ul className="mt-1 flex flex-wrap gap-1.5">
                {v.values.map((value, i) => {
                  const id = `${v.name}=${value}`;
                  const active = audition.state?.id === id;
                  const sentence = v.sentences[i] ?? value;
                  return (
                    <li key={value}>
                      <button
                        type="button"
                        onClick={() => (active ? audition.stop() : audition.play(id, { voice, speed, text: sentence }))}
                        aria-label={`${active ? "Stop" : "Play"} ${value}`}
                        title={sentence}
                        className="inline-flex items-center gap-1 rounded-full border border-slate-300 bg-white px-2.5 py-1 text-xs text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                      >
                        <span aria-hidden="true" className="w-3 text-indigo-700">
                          {active ? (audition.state?.phase === "loading" ? "…" : "■") : "▶"}
                        </span>
                        {value}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

/** Where the pronunciation dictionary changes what is said: editing an entry re-renders exactly its sentences. */
function PronunciationUses({ uses }: { uses: CampaignPlan["pronunciations"] }) {
  return (
    <section aria-labelledby="plan-pronunciations" className="space-y-2" data-testid="plan-pronunciations">
      <h3 id="plan-pronunciations" className="text-sm font-semibold">
        Pronunciations
      </h3>
      <p className="text-xs text-slate-600">
        Said as the <a href="/settings/pronunciation" className="underline">pronunciation dictionary</a> says. Changing an entry re-renders exactly the sentences that hold its word.
      </p>
      <ul className="space-y-1 text-sm text-slate-800">
        {uses.map((use) => (
          <li key={use.term} data-term={use.term}>
            <span className="font-medium">{use.term}</span> → “{use.sayAs}”:{" "}
            <span className="tabular-nums">
              {use.sentences.toLocaleString("en-US")} sentence(s) in {use.messages.toLocaleString("en-US")} message(s), {use.recipients.toLocaleString("en-US")} recipient(s);{" "}
              {use.toRender === 0 ? "all rendered" : `${use.toRender.toLocaleString("en-US")} to render`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
