"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { audioDownloadStem, FORMAT_INFO, messageAudioPath, PROFILE_INFO, type AudioProfile, type MessageFormat } from "@/lib/values/audio-profiles";
import type { RecipientDto } from "@/lib/campaigns";
import { queryKeys } from "@/lib/query-keys";
import { formatDuration } from "@/lib/format";
import { fetchJson } from "../../_components/client-api";
import { StackedCell, STACKED_TABLE } from "../../_components/stacked-table";
import { LoadError } from "../../_components/load-error";

const PAGE_SIZE = 25;

/** North American numbers read better as (512) 555-0100; everything else stays in E.164. */
function formatPhone(phone: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : phone;
}

const STATUS: Record<RecipientDto["status"], { label: string; className: string }> = {
  pending: { label: "Rendering", className: "bg-blue-50 text-blue-800 ring-blue-300" },
  ready: { label: "Ready", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  failed: { label: "Failed", className: "bg-red-50 text-red-800 ring-red-300" },
};

/** Browsers play WAV and MP3 but not headerless mu-law. */
const PLAYABLE: ReadonlySet<MessageFormat> = new Set(["wav", "wav8k", "mp3"]);

function PlayButton({ messageKey, format, name }: { messageKey: string; format: MessageFormat; name: string }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  return (
    <>
      <audio
        ref={audio}
        preload="none"
        src={messageAudioPath(messageKey, format)}
        data-testid="recipient-audio"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
      />
      <button
        type="button"
        className="btn min-h-8 px-2.5 py-1 text-xs"
        aria-label={`${playing ? "Pause" : "Play"} the message for ${name} (${FORMAT_INFO[format].label})`}
        onClick={() => (playing ? audio.current?.pause() : void audio.current?.play())}
      >
        <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span> {playing ? "Pause" : "Play"}
      </button>
    </>
  );
}

/** Play in the first format of the profile a browser can play; download any of the profile's formats. */
function RecipientAudio({ recipient, profile, campaignName }: { recipient: RecipientDto; profile: AudioProfile; campaignName: string }) {
  if (recipient.status !== "ready" || !recipient.messageKey) return <span className="text-slate-400">—</span>;
  const { formats } = PROFILE_INFO[profile];
  const playable = formats.find((f) => PLAYABLE.has(f)) ?? "wav";
  const fileStem = audioDownloadStem(recipient.name, campaignName) ?? "message";
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <PlayButton messageKey={recipient.messageKey} format={playable} name={recipient.name} />
      {formats.map((f) => (
        <a
          key={f}
          className="text-xs whitespace-nowrap text-blue-700 underline underline-offset-2 hover:text-blue-900"
          href={`${messageAudioPath(recipient.messageKey!, f)}?download=1&name=${encodeURIComponent(fileStem)}`}
          download={`${fileStem}.${FORMAT_INFO[f].extension}`}
          aria-label={`Download the message for ${recipient.name} as ${FORMAT_INFO[f].label}`}
        >
          {FORMAT_INFO[f].label}
        </a>
      ))}
    </div>
  );
}

/** Recipients with their audio; refetched (at most twice a second) as progress streams in. */
export function RecipientsTable({ campaignId, campaignName, finished, profile }: { campaignId: string; campaignName: string; finished: number; profile: AudioProfile }) {
  const client = useQueryClient();
  const [offset, setOffset] = useState(0);
  const page = { limit: PAGE_SIZE, offset };
  const query = useQuery({
    queryKey: queryKeys.campaigns.recipients(campaignId, page),
    queryFn: () => fetchJson<{ items: RecipientDto[]; total: number }>(`/api/campaigns/${campaignId}/recipients?limit=${PAGE_SIZE}&offset=${offset}`),
    placeholderData: keepPreviousData,
  });

  useEffect(() => {
    const timer = setTimeout(() => void client.invalidateQueries({ queryKey: ["campaigns", "detail", campaignId, "recipients"] }), 500);
    return () => clearTimeout(timer);
  }, [client, campaignId, finished]);

  if (query.isPending) return <div aria-busy="true" aria-label="Loading recipients" className="h-40 animate-pulse rounded-md bg-slate-100" />;
  if (query.isError) {
    return <LoadError what="load the recipients" error={query.error} onRetry={() => void query.refetch()} />;
  }
  const { items, total } = query.data;
  const last = Math.min(offset + PAGE_SIZE, total);
  return (
    <div className="space-y-3">
      <div className="relative overflow-x-auto rounded-md border border-slate-200">
        <table className={STACKED_TABLE.table} data-testid="recipients">
          <thead className={STACKED_TABLE.thead}>
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="px-3 py-2 font-medium">Audio</th>
              <th scope="col" className="px-3 py-2 font-medium">Status</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Length</th>
              <th scope="col" className="px-3 py-2 font-medium">Phone</th>
              <th scope="col" className="px-3 py-2 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody className={STACKED_TABLE.tbody}>
            {items.map((r) => (
              <tr key={r.id} className={STACKED_TABLE.row}>
                <StackedCell label="Name" className="font-medium text-slate-900">
                  <span className="min-w-0 break-words text-right sm:text-left">
                    {r.name}
                    {r.sharedWithRecipientId && (
                      <span className="block text-xs font-normal text-slate-600" data-testid="recipient-shared">
                        Named in another patient&apos;s message on this number: one call for both
                      </span>
                    )}
                  </span>
                </StackedCell>
                <StackedCell label="Audio" className="sm:h-12 sm:py-1.5">
                  <RecipientAudio recipient={r} profile={profile} campaignName={campaignName} />
                </StackedCell>
                <StackedCell label="Status">
                  <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS[r.status].className}`}>{STATUS[r.status].label}</span>
                </StackedCell>
                <StackedCell label="Length" className="text-slate-700 tabular-nums sm:text-right">
                  {formatDuration(r.durationMs)}
                </StackedCell>
                <StackedCell label="Phone" className="whitespace-nowrap text-slate-700 tabular-nums">
                  {formatPhone(r.phone)}
                </StackedCell>
                {r.error ? (
                  <StackedCell label="Problem" className="text-xs text-red-800 sm:max-w-64">
                    <span className="min-w-0 break-words">{r.error}</span>
                  </StackedCell>
                ) : (
                  <td className="hidden sm:table-cell" />
                )}
              </tr>
            ))}
            {items.length === 0 && (
              <tr className="block sm:table-row">
                <td colSpan={6} className="block px-3 py-6 text-center text-slate-600 sm:table-cell">
                  This campaign has no recipients.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {total > PAGE_SIZE && (
        <nav aria-label="Recipient pages" className="flex items-center justify-between gap-3 text-sm">
          <span className="text-slate-600 tabular-nums">
            {offset + 1}–{last} of {total.toLocaleString("en-US")}
          </span>
          <div className="flex gap-2">
            <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              Previous
            </button>
            <button type="button" className="btn" disabled={last >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Next
            </button>
          </div>
        </nav>
      )}
    </div>
  );
}
