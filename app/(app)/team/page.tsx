import type { Metadata } from "next";
import { listMembers } from "@/lib/auth";
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
      <div>
        <h1 className="text-2xl font-semibold">Team</h1>
        <p className="mt-1 text-sm text-slate-600">Everyone here signs in to {ctx.organization.name} and sees its contacts and campaigns.</p>
      </div>
      <TeamMembers initial={members} isOwner={ctx.user.role === "owner"} />
      <ChangePasswordForm email={ctx.user.email} />
    </section>
  );
}
