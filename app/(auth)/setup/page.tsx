import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasAnyUser, setupCodeFileForPeople } from "@/lib/auth";
import { listPlaceOptions } from "@/lib/organizations";
import { SetupForm } from "./setup-form";
import { getPublicContext } from "@/lib/http/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up" };

// First run only: once an owner exists this page sends everyone to sign in (and POST /api/setup answers 409).
export default async function SetupPage() {
  if (await hasAnyUser((await getPublicContext()).db)) redirect("/sign-in");
  return (
    <div className="card space-y-5">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold">Create the owner account</h1>
        <p className="text-sm text-slate-600">This is a new installation. The account you create here owns your organisation&apos;s contacts and campaigns.</p>
      </div>
      <SetupForm places={listPlaceOptions()} setupCodeFile={setupCodeFileForPeople()} />
    </div>
  );
}
