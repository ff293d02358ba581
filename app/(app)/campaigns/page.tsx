import type { Metadata } from "next";
import Link from "next/link";
import { PrefetchedCampaignList } from "./_components/prefetched-campaign-list";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const ctx = await getPageContext();
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <Link href="/campaigns/new" className="btn-primary">
          New campaign
        </Link>
      </div>
      <PrefetchedCampaignList ctx={ctx} />
    </section>
  );
}
