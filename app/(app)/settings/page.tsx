import type { Metadata } from "next";
import { roleAtLeast } from "@/lib/auth/roles";
import { getPageContext } from "@/lib/context";
import { listPlaceOptions } from "@/lib/organizations";
import { OrganizationSettingsForm } from "./_components/organization-settings-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Organisation settings" };

export default async function OrganizationSettingsPage() {
  const ctx = await getPageContext();
  const { id: _id, ...settings } = ctx.organization;
  return <OrganizationSettingsForm initial={settings} places={listPlaceOptions()} canEdit={roleAtLeast(ctx.user.role, "admin")} />;
}
