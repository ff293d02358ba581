import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { listCampaigns } from "@/lib/campaigns";
import { getPageContext } from "@/lib/context";
import { queryKeys } from "@/lib/query-keys";
import { CampaignList } from "./_components/campaign-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const client = new QueryClient();
  const campaigns = await listCampaigns(await getPageContext());
  client.setQueryData(queryKeys.campaigns.list(), { campaigns });
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <Link href="/campaigns/new" className="btn-primary">
          New campaign
        </Link>
      </div>
      <HydrationBoundary state={dehydrate(client)}>
        <CampaignList />
      </HydrationBoundary>
    </section>
  );
}
