import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { clientKey } from "@/lib/http";
import { formatDuration } from "@/lib/format";
import { resolvePreview } from "@/lib/previews";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Message preview", robots: { index: false, follow: false } };

export default async function PreviewPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // proxy.ts has spent this request of the client's budget and answered revoked and expired links with 410;
  // a link that stopped working since then is simply not found.
  const { db } = await getPublicContext();
  const requestHeaders = await headers();
  const preview = await resolvePreview(db, token, { openedBy: { clientKey: clientKey(requestHeaders), userAgent: requestHeaders.get("user-agent") } });
  if (!preview.ok) notFound();
  const { campaignName, expiresAt, basicVoice, sample, items } = preview.value;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm font-medium text-indigo-700">Voice message preview</p>
        <h1 className="mt-1 text-2xl font-semibold break-words">{campaignName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          This link works until{" "}
          {new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(expiresAt))} UTC.
        </p>
        {sample && (
          <p className="mt-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="preview-sample">
            This is a sample: the patient, provider, date and time in it are made up.
          </p>
        )}
        {basicVoice && (
          <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="preview-basic-voice">
            These messages were made with the basic offline voice, so they sound robotic.
          </p>
        )}
      </header>
      {items.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600">There is no audio to hear yet.</p>
      ) : (
        <ul className="space-y-3">
          {items.map((item) => (
            <li key={item.messageKey} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex items-baseline justify-between gap-3">
                <h2 className="font-medium">{item.label}</h2>
                <span className="text-sm text-slate-600 tabular-nums">{item.durationMs !== null ? formatDuration(item.durationMs) : ""}</span>
              </div>
              {item.ready ? (
                <audio
                  controls
                  preload="metadata"
                  className="mt-3 w-full"
                  aria-label={`${item.label} audio`}
                  src={`/api/previews/${token}/audio/${item.messageKey}`}
                />
              ) : (
                <p className="mt-2 text-sm text-slate-600">This message is still being rendered. Reload the page in a moment.</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
