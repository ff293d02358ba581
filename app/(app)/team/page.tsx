import type { Metadata } from "next";
import { listMembers } from "@/lib/auth";
import { PageHeader } from "../../_components/card";
import { ChangePasswordForm } from "./_components/change-password-form";
import { TeamMembers } from "./_components/team-members";
import { getPageContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const ctx = await getPageContext();
  const members = await listMembers(ctx);
  return (
    <section className="space-y-6">
      <PageHeader title="Team">Everyone here signs in to {ctx.organization.name} and sees its contacts and campaigns.</PageHeader>
      <TeamMembers initial={members} isOwner={ctx.user.role === "owner"} />
      <ChangePasswordForm email={ctx.user.email} />
    </section>
  );
}
