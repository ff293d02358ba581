import Link from "next/link";
import { getSystemStatus } from "@/lib/system";
import { PrefetchedCampaignList } from "./campaigns/_components/prefetched-campaign-list";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const ctx = await getPageContext();
  const status = getSystemStatus(ctx);
  return (
    <section className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Welcome to Voice campaigns</h1>
        <p className="max-w-prose text-slate-600">
          Build personalised voice messages for {status.organization.name}, hear them before they go out, and hand
          the audio to your phone system.
        </p>
        <dl className="inline-grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm">
          <dt className="text-slate-600">Database</dt>
          <dd data-testid="database-label">{status.database.label}</dd>
        </dl>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">Your campaigns</h2>
        <Link href="/campaigns/new" className="btn-primary">
          New campaign
        </Link>
      </div>
      <PrefetchedCampaignList ctx={ctx} />
    </section>
  );
}
