import type { Metadata } from "next";
import { starterMessage } from "@/lib/campaigns";
import { getCallSentences } from "@/lib/calls";
import { listCustomAttributeKeys } from "@/lib/contacts";
import { CampaignBuilder } from "../_components/campaign-builder";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
// The launch action posts to this page; in request mode its after() dispatch runs within this function's limit.
export const maxDuration = 300;
export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const ctx = await getPageContext();
  return <CampaignBuilder initial={null} customAttributes={await listCustomAttributeKeys(ctx)} starter={starterMessage(ctx.organization)} timezone={ctx.organization.timezone} defaultLanguage={ctx.organization.defaultLanguage} callSentences={await getCallSentences(ctx.db, ctx.organization.id)} />;
}
