"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { AUDIO_PROFILES, PROFILE_INFO, type AudioProfile } from "@/lib/values/audio-profiles";
import type { CampaignDto, EtaRange } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { cancelCampaignAction, duplicateCampaignAction, retryFailedSegmentsAction } from "../actions";
import { formatEtaRange, unwrap } from "../../_components/client-api";
import { CallRecipientsButton, CallReportSection } from "./call-panel";
import { PreviewLinks } from "./preview-links";
import { StaleAudioNotice } from "./stale-audio-notice";
import { ProgressBar, progressPercent } from "./progress-bar";
import { RecipientsTable } from "./recipients-table";
import { StatusBadge } from "./status-badge";
import { useCampaignProgress } from "./use-campaign-progress";
import { engineLabel, voiceLabel } from "./voices";

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", hour: "numeric", minute: "2-digit" });

function etaText(status: CampaignDto["status"], eta: EtaRange | null): string {
  if (status === "ready") return "All audio is ready.";
  if (status === "partially_failed") return "Finished with failures.";
  if (status === "canceled") return "Canceled.";
  if (eta === null) return "Estimating time left…";
  if (eta.highSeconds === 0) return "Finishing…";
  const text = formatEtaRange(eta);
  return `${text[0]!.toUpperCase()}${text.slice(1)} left`;
}

export function CampaignView({ initial, phoneSystem }: { initial: CampaignDto; phoneSystem: AudioProfile }) {
  const router = useRouter();
  const client = useQueryClient();
  const progress = useCampaignProgress(initial);
  const { counts, status } = progress;
  const percent = progressPercent(counts);
  const [notice, setNotice] = useState<string | null>(null);
  const [profile, setProfile] = useState<AudioProfile>(phoneSystem);

  useEffect(() => {
    void client.invalidateQueries({ queryKey: queryKeys.campaigns.list() });
  }, [client, status]);

  const retry = useMutation({
    mutationFn: () => unwrap(retryFailedSegmentsAction(initial.id)),
    onSuccess: ({ requeued }) => setNotice(requeued ? `${requeued} failed segment(s) sent back to the queue.` : "Nothing to retry."),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(cancelCampaignAction(initial.id)),
    onSuccess: () => setNotice("The campaign was canceled."),
  });
  const duplicate = useMutation({
    mutationFn: () => unwrap(duplicateCampaignAction(initial.id)),
    onSuccess: (copy) => {
      void client.invalidateQueries({ queryKey: queryKeys.campaigns.all });
      router.push(`/campaigns/${copy.id}`);
    },
  });
  const failure = retry.error ?? cancel.error ?? duplicate.error;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold break-words">{initial.name}</h1>
            <StatusBadge status={status} />
          </div>
          <p className="text-sm text-slate-600">
            {voiceLabel(initial.voice)} at {initial.speed.toFixed(2)}× · {initial.recipients.toLocaleString("en-US")} recipients
            {initial.recipientWindow && ` (${initial.recipientWindow}, when saved)`}
            {initial.launchedAt ? ` · launched ${dateFormat.format(new Date(initial.launchedAt))}` : ""}
          </p>
          {initial.engine && (
            <p className="text-sm text-slate-600" data-testid="campaign-engine">
              Rendered with {engineLabel(initial.engine)}
            </p>
          )}
          <p aria-live="polite" className="text-sm">
            {failure ? <span className="text-red-700">{failure.message}</span> : notice ? <span className="text-slate-700">{notice}</span> : null}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {counts.failed > 0 && status !== "canceled" && (
            <button type="button" className="btn" disabled={retry.isPending} onClick={() => retry.mutate()}>
              {retry.isPending ? "Retrying…" : "Retry failed"}
            </button>
          )}
          {status === "rendering" && (
            <button type="button" className="btn-danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              {cancel.isPending ? "Canceling…" : "Cancel"}
            </button>
          )}
          <button type="button" className="btn" disabled={duplicate.isPending} onClick={() => duplicate.mutate()}>
            {duplicate.isPending ? "Duplicating…" : "Duplicate"}
          </button>
          <a className="btn" href={`/api/campaigns/${initial.id}/export?format=csv&profile=${profile}`} download>
            Export CSV
          </a>
          <a className="btn" href={`/api/campaigns/${initial.id}/export?format=json&profile=${profile}`} download>
            Export JSON
          </a>
          {(status === "ready" || status === "partially_failed") && <CallRecipientsButton campaignId={initial.id} />}
        </div>
      </div>

      <CallReportSection campaignId={initial.id} />

      <StaleAudioNotice campaignId={initial.id} launched={status !== "draft" && status !== "canceled"} />

      <section aria-labelledby="progress-heading" className="card space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="progress-heading" className="text-base font-semibold">
            Progress
          </h2>
          <span className="text-xs text-slate-600" aria-live="off">
            {progress.connection === "open" ? "Live" : progress.connection === "connecting" ? "Connecting…" : "Reconnecting…"}
          </span>
        </div>
        <div className="flex items-center gap-4">
          <span className="w-24 shrink-0 text-3xl font-semibold tabular-nums" data-testid="progress-percent">
            {percent}%
          </span>
          <div className="min-w-0 flex-1 space-y-1.5">
            <ProgressBar counts={counts} label="Rendering progress" />
            <p className="truncate text-sm text-slate-600" data-testid="eta">
              {etaText(status, progress.eta)}
            </p>
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5">
          {(
            [
              ["Queued", counts.queued],
              ["Rendering", counts.rendering],
              ["Done", counts.done],
              ["Failed", counts.failed],
              ["Segments", counts.total],
            ] as const
          ).map(([label, n]) => (
            <div key={label} className={`rounded-md border border-slate-200 bg-slate-50 px-3 py-2 ${label === "Segments" ? "col-span-2 sm:col-span-1" : ""}`}>
              <dt className="text-xs text-slate-600">{label}</dt>
              <dd className={`text-lg font-semibold tabular-nums ${label === "Failed" && n > 0 ? "text-red-700" : "text-slate-900"}`} data-testid={`count-${label.toLowerCase()}`}>
                {n.toLocaleString("en-US")}
              </dd>
            </div>
          ))}
        </dl>
        <p className="text-xs text-slate-600">Counts are distinct audio segments: a sentence shared by many recipients is rendered once.</p>
      </section>

      <section aria-labelledby="recipients-heading" className="card space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="recipients-heading" className="text-base font-semibold">
            Recipients
          </h2>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            Phone system
            <select className="input w-auto py-1" value={profile} onChange={(e) => setProfile(AUDIO_PROFILES.find((p) => p === e.target.value) ?? "generic")}>
              {AUDIO_PROFILES.map((p) => (
                <option key={p} value={p}>
                  {PROFILE_INFO[p].label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="text-xs text-slate-600">The recipients table and the exports offer the audio formats this phone system plays.</p>
        <RecipientsTable campaignId={initial.id} campaignName={initial.name} finished={counts.done + counts.failed} profile={profile} />
      </section>

      <section aria-labelledby="share-heading" className="card space-y-3">
        <div>
          <h2 id="share-heading" className="text-base font-semibold">
            Share a preview
          </h2>
          <p className="text-sm text-slate-600">A link anyone can open without signing in, to hear the messages.</p>
          <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="preview-privacy">
            The page lists no phone numbers, but each message is the real one: it says the patient&apos;s first name, their provider and the
            appointment time. Share these links only with people allowed to hear patient details. Every open is recorded below.
          </p>
        </div>
        <PreviewLinks campaignId={initial.id} />
      </section>
    </div>
  );
}
