"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CreatedPreviewLink, PreviewLinkDto } from "@/lib/previews";
import { queryKeys } from "@/lib/query-keys";
import { createPreviewLinkAction, revokePreviewLinkAction } from "../actions";
import { fetchJson, unwrap } from "../../_components/client-api";
import { StackedCell, STACKED_TABLE } from "../../_components/stacked-table";

const EXPIRY = [
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
];

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

const STATE_STYLE: Record<PreviewLinkDto["state"], string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  expired: "bg-slate-100 text-slate-700 ring-slate-300",
  revoked: "bg-red-50 text-red-800 ring-red-300",
};

export function PreviewLinks({ campaignId }: { campaignId: string }) {
  const client = useQueryClient();
  const [hours, setHours] = useState(72);
  const [sample, setSample] = useState(false);
  const [created, setCreated] = useState<{ url: string; copied: boolean | null; sample: boolean } | null>(null);
  const links = useQuery({
    queryKey: queryKeys.campaigns.previews(campaignId),
    queryFn: async () => (await fetchJson<{ links: PreviewLinkDto[] }>(`/api/campaigns/${campaignId}/previews`)).links,
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.campaigns.previews(campaignId) });

  const create = useMutation({
    mutationFn: () => unwrap(createPreviewLinkAction({ campaignId, expiresInHours: hours, sample })),
    onSuccess: async (link: CreatedPreviewLink) => {
      // The token is only returned now; the list below never shows it again.
      const url = `${window.location.origin}${link.path}`;
      setCreated({ url, copied: null, sample: link.sample });
      void refresh();
      try {
        await navigator.clipboard.writeText(url);
        setCreated({ url, copied: true, sample: link.sample });
      } catch {
        setCreated({ url, copied: false, sample: link.sample });
      }
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => unwrap(revokePreviewLinkAction(id)), onSuccess: () => void refresh() });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="preview-expiry" className="label">
            Link expires after
          </label>
          <select id="preview-expiry" className="input mt-1 w-36" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {EXPIRY.map((e) => (
              <option key={e.hours} value={e.hours}>
                {e.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn-primary" disabled={create.isPending} onClick={() => create.mutate()}>
          {create.isPending ? "Creating…" : "Create preview link"}
        </button>
      </div>
      <fieldset className="space-y-1 text-sm">
        <legend className="label">What the link plays</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="preview-kind" className="mt-1" checked={!sample} onChange={() => setSample(false)} data-testid="preview-kind-real" />
          <span>The campaign&apos;s real messages: they say patients&apos; names, providers and appointment times. Share only inside the clinic.</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="preview-kind" className="mt-1" checked={sample} onChange={() => setSample(true)} data-testid="preview-kind-sample" />
          <span>Share a sample (a fictional patient): the message said for a made-up name, provider, date and time. No patient&apos;s details, so it can go outside the clinic.</span>
        </label>
      </fieldset>
      {create.isError && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      {created && (
        <div className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm" role="status">
          <label htmlFor="preview-url" className="font-medium text-emerald-950">
            {created.sample
              ? "Anyone with this link can listen until it expires; it plays the sample for a fictional patient only. It is shown only once."
              : "Anyone with this link can listen until it expires, and hears patients\u2019 names and appointment times. It is shown only once."}
          </label>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row">
            <input id="preview-url" data-testid="preview-url" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} className="input font-mono text-xs" />
            <button
              type="button"
              className="btn shrink-0"
              onClick={() =>
                navigator.clipboard.writeText(created.url).then(
                  () => setCreated({ ...created, copied: true }),
                  () => setCreated({ ...created, copied: false }),
                )
              }
            >
              Copy
            </button>
          </div>
          <p className="mt-1 text-xs text-emerald-900">
            {created.copied === true ? "Copied to the clipboard." : created.copied === false ? "Copy it from the box above." : "\u00a0"}
          </p>
        </div>
      )}
      {links.isPending ? (
        <div aria-busy="true" className="h-16 animate-pulse rounded-md bg-slate-100" />
      ) : links.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the preview links: {links.error.message}
        </p>
      ) : links.data.length === 0 ? (
        <p className="text-sm text-slate-600">No preview links yet.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-md border border-slate-200">
          <table className={STACKED_TABLE.table} data-testid="preview-links">
            <thead className={STACKED_TABLE.thead}>
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Created</th>
                <th scope="col" className="px-3 py-2 font-medium">Expires</th>
                <th scope="col" className="px-3 py-2 font-medium">State</th>
                <th scope="col" className="px-3 py-2 font-medium">Opens</th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className={STACKED_TABLE.tbody}>
              {links.data.map((link) => (
                <tr key={link.id} className={STACKED_TABLE.row}>
                  <StackedCell label="Created" className="whitespace-nowrap">
                    {dateFormat.format(new Date(link.createdAt))}
                  </StackedCell>
                  <StackedCell label="Expires" className="whitespace-nowrap">
                    {dateFormat.format(new Date(link.expiresAt))}
                  </StackedCell>
                  <StackedCell label="State">
                    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${STATE_STYLE[link.state]}`} data-testid="preview-link-state">
                      {link.state}
                    </span>
                    {link.sample && (
                      <span className="ml-1 text-xs text-slate-600" data-testid="preview-link-sample">
                        sample
                      </span>
                    )}
                  </StackedCell>
                  <StackedCell label="Opens">
                    <Opens link={link} />
                  </StackedCell>
                  {link.state === "active" ? (
                    <td className="block px-3 py-1.5 text-right sm:table-cell">
                      <button type="button" className="btn-danger min-h-8 px-2.5 py-1 text-xs" disabled={revoke.isPending} onClick={() => revoke.mutate(link.id)}>
                        Revoke
                      </button>
                    </td>
                  ) : (
                    <td className="hidden sm:table-cell" />
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && (
        <p role="alert" className="text-sm text-red-700">
          {revoke.error.message}
        </p>
      )}
    </div>
  );
}

/** How many times the page was opened, and the latest opens: when, from which client key, with what browser. */
function Opens({ link }: { link: PreviewLinkDto }) {
  if (link.viewCount === 0) return <span className="text-slate-600">Never opened</span>;
  return (
    <details data-testid="preview-link-opens">
      <summary className="cursor-pointer tabular-nums">
        {link.viewCount} {link.viewCount === 1 ? "open" : "opens"}
      </summary>
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
        {link.opens.map((open, i) => (
          <li key={i} className="break-words">
            {dateFormat.format(new Date(open.openedAt))} · client <span className="font-mono">{open.clientKey}</span>
            {open.userAgent ? ` · ${open.userAgent}` : ""}
          </li>
        ))}
        {link.viewCount > link.opens.length && <li>… and {link.viewCount - link.opens.length} earlier.</li>}
      </ul>
    </details>
  );
}
