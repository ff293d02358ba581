import type { Metadata } from "next";
import { notFound } from "next/navigation";

export const metadata: Metadata = { title: "Message preview", robots: { index: false, follow: false } };

/**
 * The friendly page of a refused preview link. proxy.ts rewrites /p/<token> here with the refusal's own
 * status (410 for a link that existed, 429 past the client's budget), so the address bar keeps the link;
 * and any page address that cannot be read (bad percent-encoding, control characters) here with 400.
 */
const PAGES: Record<string, { testId: string; title: string; text: (retryAfter: string | undefined) => string }> = {
  revoked: { testId: "preview-unavailable", title: "This preview is no longer available", text: () => "This preview link was turned off by its owner. Ask the person who sent it for a new link." },
  expired: { testId: "preview-unavailable", title: "This preview is no longer available", text: () => "This preview link has expired. Ask the person who sent it for a new link." },
  "bad-address": {
    testId: "bad-address",
    title: "This address is not valid",
    text: () => "The address has characters that do not belong in a link. Check it, or start again from the app's home page.",
  },
  "rate-limited": {
    testId: "preview-rate-limited",
    title: "Too many requests",
    text: (retryAfter) => `Too many requests from your network. Try again in ${/^\d{1,5}$/.test(retryAfter ?? "") ? retryAfter : "a few"} s.`,
  },
};

export default async function PreviewUnavailablePage({ params, searchParams }: { params: Promise<{ reason: string }>; searchParams: Promise<{ retryAfter?: string }> }) {
  const page = PAGES[(await params).reason];
  if (!page) notFound();
  const { retryAfter } = await searchParams;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 text-center" data-testid={page.testId}>
      <h1 className="text-xl font-semibold">{page.title}</h1>
      <p className="mt-2 text-slate-600">{page.text(retryAfter)}</p>
    </div>
  );
}
