import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listCampaignsOfContact } from "@/lib/campaigns";
import { contactIdSchema, getContactDetail } from "@/lib/contacts";
import { ContactPage } from "../_components/contact-page";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Contact" };

export default async function ContactDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = contactIdSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const ctx = await getPageContext();
  const detail = await getContactDetail(ctx, parsed.data.id);
  if (!detail.ok) notFound();
  const campaigns = await listCampaignsOfContact(ctx, parsed.data.id);
  return <ContactPage key={detail.value.contact.id} initial={detail.value} campaigns={campaigns} organizationTimeZone={ctx.organization.timezone} />;
}
