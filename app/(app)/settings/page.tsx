import type { Metadata } from "next";
import { roleAtLeast } from "@/lib/values/roles";
import { listPlaceOptions } from "@/lib/organizations";
import { OrganizationSettingsForm } from "./_components/organization-settings-form";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Organisation settings" };

export default async function OrganizationSettingsPage() {
  const ctx = await getPageContext();
  const { id: _id, ...settings } = ctx.organization;
  return <OrganizationSettingsForm initial={settings} places={listPlaceOptions()} canEdit={roleAtLeast(ctx.user.role, "admin")} />;
}
