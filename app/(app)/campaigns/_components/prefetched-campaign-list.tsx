import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { listCampaigns } from "@/lib/campaigns";
import type { Ctx } from "@/lib/context";
import { queryKeys } from "@/lib/query-keys";
import { CampaignList } from "./campaign-list";

/** The campaign list with its first page rendered on the server; the client keeps it fresh from there. */
export async function PrefetchedCampaignList({ ctx }: { ctx: Ctx }) {
  const client = new QueryClient();
  client.setQueryData(queryKeys.campaigns.list(), { campaigns: await listCampaigns(ctx) });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <CampaignList />
    </HydrationBoundary>
  );
}
