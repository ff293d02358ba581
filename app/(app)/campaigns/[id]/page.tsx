import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getCampaignDetail, starterMessage } from "@/lib/campaigns";
import { getCallSentences } from "@/lib/calls";
import { listCustomAttributeKeys } from "@/lib/contacts";
import { CampaignBuilder } from "../_components/campaign-builder";
import { CampaignView } from "../_components/campaign-view";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
// The launch action posts to this page; in request mode its after() dispatch runs within this function's limit.
export const maxDuration = 300;
export const metadata: Metadata = { title: "Campaign" };

// Drafts open in the builder; launched campaigns show live progress, recipients and sharing.
export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const ctx = await getPageContext();
  const campaign = await getCampaignDetail(ctx, id.data);
  if (!campaign.ok) notFound();
  if (campaign.value.status === "draft") {
    return <CampaignBuilder key={campaign.value.id} initial={campaign.value} customAttributes={await listCustomAttributeKeys(ctx)} starter={starterMessage(ctx.organization)} timezone={ctx.organization.timezone} defaultLanguage={ctx.organization.defaultLanguage} callSentences={await getCallSentences(ctx.db, ctx.organization.id)} />;
  }
  return <CampaignView key={campaign.value.id} initial={campaign.value} phoneSystem={ctx.organization.phoneSystem} />;
}
