import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getPublicContext } from "@/lib/context";
import { formatDuration } from "@/lib/format";
import { clientKey } from "@/lib/http";
import { limitPreviewRequest, resolvePreview } from "@/lib/previews";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Message preview", robots: { index: false, follow: false } };

export default async function PreviewPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // No sign-in here, so each client gets a budget: plenty to listen, far too little to guess tokens.
  const limited = limitPreviewRequest(clientKey(await headers()));
  if (!limited.ok) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-6 text-center" data-testid="preview-rate-limited">
        <h1 className="text-xl font-semibold">Too many requests</h1>
        <p className="mt-2 text-slate-600">{limited.error.message}</p>
      </div>
    );
  }
  const { db } = await getPublicContext();
  const preview = await resolvePreview(db, token, { countView: true });
  if (!preview.ok) {
    if (preview.error.code === "preview_not_found") notFound();
    // Expired or revoked: the link existed, so say so plainly (the HTTP analogue is 410 Gone).
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-6 text-center" data-testid="preview-unavailable">
        <h1 className="text-xl font-semibold">This preview is no longer available</h1>
        <p className="mt-2 text-slate-600">{preview.error.message} Ask the person who sent it for a new link.</p>
      </div>
    );
  }
  const { campaignName, expiresAt, basicVoice, items } = preview.value;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm font-medium text-indigo-700">Voice message preview</p>
        <h1 className="mt-1 text-2xl font-semibold break-words">{campaignName}</h1>
        <p className="mt-1 text-sm text-slate-600">
          This link works until{" "}
          {new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(expiresAt))} UTC.
        </p>
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
